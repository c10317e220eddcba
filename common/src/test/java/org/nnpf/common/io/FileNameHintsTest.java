package org.nnpf.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnpf.common.picture.ChromaFormat;

class FileNameHintsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "-",
      value = {
        // name, width, height, frames, fpsNum, fpsDen, bitDepth, chroma
        "name_352x288_30f.yuv, 352, 288, 30, 0, 0, 0, -",
        "sparks_480x270_5f_yuv420p10le.yuv, 480, 270, 5, 0, 0, 10, 420",
        "foo_1920x1080_50fps_10bit_420.yuv, 1920, 1080, -1, 50, 1, 10, 420",
        "BQTerrace_1920x1080_60.yuv, 1920, 1080, -1, 60, 1, 0, -",
        "Campfire_3840x2160_30fps_10bit_420_videoRange.yuv, 3840, 2160, -1, 30, 1, 10, 420",
        "foreman_qcif_176x144_10f.yuv, 176, 144, 10, 0, 0, 0, -",
        "nflx_src01_160x90_48f.yuv, 160, 90, 48, 0, 0, 0, -",
        "mobile_cif.yuv, 352, 288, -1, 0, 0, 0, -",
        "clip-1280x720-29.97fps-yuv444p.yuv, 1280, 720, -1, 30000, 1001, 8, 444",
        "depth_640x480_12.5hz_gray10le.yuv, 640, 480, -1, 25, 2, 10, 400",
        "x_64x64_p12_422.yuv, 64, 64, -1, 0, 0, 12, 422",
        "x_64x64_420p10.yuv, 64, 64, -1, 0, 0, 10, 420",
        "mono_32x32_100frames_8bits.yuv, 32, 32, 100, 0, 0, 8, 400",
        "RaceHorses_416x240_30.yuv, 416, 240, -1, 30, 1, 0, -",
        "plain.yuv, 0, 0, -1, 0, 0, 0, -",
        "a_1x1_2x2.yuv, 1, 1, -1, 0, 0, 0, -"
      })
  void namesGiveSizeFramesRateBitDepthAndChroma(
      String name, int w, int h, long frames, int fpsNum, int fpsDen, int bitDepth, String chroma) {
    FileNameHints expected =
        new FileNameHints(w, h, frames, fpsNum, fpsDen, bitDepth, chroma == null ? null : ChromaFormat.parse(chroma));
    assertEquals(expected, FileNameHints.parse(name));
  }
}
