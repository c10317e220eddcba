package org.nnpf.common.nn.integer;

import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.fp.ActivationStatistics;
import org.nnpf.common.nn.fp.FloatInference;
import org.nnpf.common.nn.quant.BitAllocation;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.nn.quant.SimpleQuantizer;
import org.nnpf.common.picture.Picture;

/** Test helpers: a model quantized by the simple rule after calibration on pictures. */
final class Networks {
  private Networks() {}

  static QuantizationParams calibrate(Model m, BitAllocation alloc, int qp, Picture... pictures) {
    ActivationStatistics stats = new ActivationStatistics(m);
    FloatInference f = new FloatInference(m);
    for (Picture p : pictures) {
      f.run(p, qp, stats);
    }
    return SimpleQuantizer.quantize(m, stats, alloc);
  }

  static IntegerNetwork quantized(Model m, BitAllocation alloc, int qp, Picture... pictures) {
    return IntegerNetwork.quantize(m, calibrate(m, alloc, qp, pictures));
  }
}
