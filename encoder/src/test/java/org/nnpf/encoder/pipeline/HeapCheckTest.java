package org.nnpf.encoder.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelStore;

class HeapCheckTest {
  private static final Model MODEL = ModelStore.builtIn().defaultModel().model();

  /** Bytes of a 4:2:0 picture of two-byte samples. */
  private static long picture(int w, int h) {
    return 2L * (w * (long) h + 2L * ((w + 1) / 2) * ((h + 1) / 2));
  }

  @Test
  void theFloatPassIsAPatchWorkspaceAndTwoPictures() {
    long hd = HeapCheck.floatPassBytes(MODEL, 1920, 1080);
    long uhd = HeapCheck.floatPassBytes(MODEL, 3840, 2160);
    long hdWorkspace = hd - 2 * picture(1920, 1080);
    long uhdWorkspace = uhd - 2 * picture(3840, 2160);
    // the built-in network (44 channels, several tensors a layer, radius 6) on a window of at
    // most 140x140 positions (a core of at most 128 + 2 x 6), whatever the picture size
    long bound = 44L * 142 * 142 * 4 * 20;
    assertTrue(hdWorkspace > 44L * 100 * 100 * 4 * 6 && hdWorkspace <= bound, hdWorkspace + " bytes");
    assertTrue(uhdWorkspace > 44L * 100 * 100 * 4 * 6 && uhdWorkspace <= bound, uhdWorkspace + " bytes");
    // 3840x2160 in far less than a GiB a thread (the whole-picture pass needed 5,608 MiB)
    assertTrue(uhd < 128L << 20, uhd + " bytes");
    // a small picture needs less: its window is the picture
    assertTrue(HeapCheck.floatPassBytes(MODEL, 160, 90) < hdWorkspace / 2);
  }

  @Test
  void aPictureTooLargeForTheHeapIsRefusedNamingTheSizeAndTheOption() {
    NnpfException e = assertThrows(NnpfException.class,
        () -> HeapCheck.check("uhd.yuv", MODEL, 3840, 2160, 1, 64L << 20));
    assertTrue(e.getMessage().startsWith("uhd.yuv: pictures of 3840x2160 need at least "), e.getMessage());
    assertTrue(e.getMessage().contains("the maximum heap is 64 MiB: run with NNPF_JAVA_OPTS=-Xmx1g"), e.getMessage());
    long need = HeapCheck.floatPassBytes(MODEL, 3840, 2160);
    assertDoesNotThrow(() -> HeapCheck.check("uhd.yuv", MODEL, 3840, 2160, 1, need + 1));
    assertDoesNotThrow(() -> HeapCheck.check("uhd.yuv", MODEL, 3840, 2160, 2, 2L << 30), "4K in 2 GiB");
    assertThrows(NnpfException.class, () -> HeapCheck.check("uhd.yuv", MODEL, 3840, 2160, 2, need + 1),
        "one workspace per thread");
  }
}
