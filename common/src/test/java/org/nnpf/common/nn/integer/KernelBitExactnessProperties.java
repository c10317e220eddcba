package org.nnpf.common.nn.integer;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nnpf.common.nn.Activation;

/** Random shapes and parameters: the vector kernel equals the scalar kernel on every output. */
class KernelBitExactnessProperties {
  @Property(tries = 150)
  void vectorKernelEqualsScalarKernel(
      @ForAll @IntRange(min = 0, max = 2) int kIndex,
      @ForAll @IntRange(min = 1, max = 9) int cin,
      @ForAll @IntRange(min = 1, max = 9) int cout,
      @ForAll @IntRange(min = 1, max = 90) int width,
      @ForAll @IntRange(min = 1, max = 4) int height,
      @ForAll @IntRange(min = 0, max = 3) int act,
      @ForAll @IntRange(min = 0, max = 2) int acc,
      @ForAll @IntRange(min = 0, max = 62) int shift,
      @ForAll boolean int8,
      @ForAll long seed) {
    Random rnd = new Random(seed);
    int bits = int8 ? 8 : 16;
    IntegerLayer layer = KernelBitExactnessTest.randomLayer(rnd, 1 + 2 * kIndex, cin, cout,
        Activation.Kind.values()[act], 16 + 8 * acc, bits, bits, int8 ? 8 : 16, shift);
    KernelBitExactnessTest.compare(layer, width, height, rnd, bits);
  }
}
