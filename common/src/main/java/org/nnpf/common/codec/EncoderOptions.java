package org.nnpf.common.codec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The x265 and x264 options an {@link EncoderConfig} maps to (passed as {@code x265-params} /
 * {@code x264-params}, which FFmpeg applies after the preset, so they win). {@code
 * docs/base-codec.md} explains each choice.
 */
final class EncoderOptions {
  /** Pictures per random-access mini-GOP: 7 B pictures and one P picture. */
  static final int RA_BFRAMES = 7;

  private EncoderOptions() {}

  /** {@code key=value} pairs for {@code x265-params}, in order. */
  static Map<String, String> x265(EncoderConfig c) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("log-level", "error");
    m.put("info", "0");
    m.put("qp", Integer.toString(c.qp()));
    m.put("ipratio", "1");
    m.put("pbratio", "1");
    m.put("aq-mode", "0");
    m.put("cutree", "0");
    m.put("keyint", Integer.toString(c.intraPeriod()));
    m.put("open-gop", "0");
    m.put("scenecut", "0");
    m.put("b-adapt", "0");
    structure(c, m, "1");
    if (c.interlaced()) {
      // MBAFF frames, top field first (x264 codes no field pictures)
      m.put("interlaced", "1");
      m.put("tff", "1");
    }
    m.put("annexb", "1");
    m.put("repeat-headers", "1");
    m.put("pools", Integer.toString(c.threads()));
    m.put("frame-threads", "1");
    m.put("wpp", "1");
    m.put("lookahead-slices", "0");
    m.put("hash", Integer.toString(c.decodedPictureHash()));
    return m;
  }

  /** {@code key=value} pairs for {@code x264-params}, in order. */
  static Map<String, String> x264(EncoderConfig c) {
    Map<String, String> m = new LinkedHashMap<>();
    // x264 takes the QP of high-bit-depth video in its extended range (QP + 6 * (bitDepth - 8)).
    m.put("qp", Integer.toString(c.qp() + 6 * (c.bitDepth() - 8)));
    m.put("ipratio", "1");
    m.put("pbratio", "1");
    m.put("aq-mode", "0");
    m.put("mbtree", "0");
    m.put("keyint", c.intraPeriod() < 0 ? "infinite" : Integer.toString(c.intraPeriod()));
    m.put("open-gop", "0");
    m.put("scenecut", "0");
    m.put("b-adapt", "0");
    structure(c, m, "normal");
    if (c.interlaced()) {
      // MBAFF frames, top field first (x264 codes no field pictures)
      m.put("interlaced", "1");
      m.put("tff", "1");
    }
    m.put("annexb", "1");
    m.put("repeat-headers", "1");
    // x264's frame threads restrict the vertical motion search by the thread count, and its
    // sliced threads add slices: either way the bitstream would depend on the thread count.
    m.put("threads", "1");
    m.put("lookahead-threads", "1");
    return m;
  }

  private static void structure(EncoderConfig c, Map<String, String> m, String pyramidOn) {
    if (c.structure() == CodingStructure.RANDOM_ACCESS) {
      m.put("bframes", Integer.toString(RA_BFRAMES));
      m.put("b-pyramid", pyramidOn);
      // the lookahead must hold a whole mini-GOP (ultrafast's is shorter); with fixed GOPs, a
      // fixed QP and no cutree it decides nothing else
      m.put("rc-lookahead", Integer.toString(RA_BFRAMES + 1));
    } else {
      m.put("bframes", "0");
    }
  }

  /** The pairs as FFmpeg's {@code key=value:key=value} string. */
  static String join(Map<String, String> m) {
    return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(":"));
  }
}
