package org.nnpf.common;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;

class FfmpegLoadsTest {
  @Test
  void nativeLibrariesLoadAndProvideX265X264AndNativeDecoders() {
    assertNotNull(avcodec.avcodec_find_encoder_by_name("libx265"), "libx265");
    assertNotNull(avcodec.avcodec_find_encoder_by_name("libx264"), "libx264");
    assertNotNull(avcodec.avcodec_find_decoder(avcodec.AV_CODEC_ID_HEVC), "hevc decoder");
    assertNotNull(avcodec.avcodec_find_decoder(avcodec.AV_CODEC_ID_H264), "h264 decoder");
    assertNotNull(avcodec.avcodec_find_decoder(avcodec.AV_CODEC_ID_VVC), "vvc decoder");
  }
}
