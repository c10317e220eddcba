package org.nnpf.conformance.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nnpf.bitstream.filter.FilterSignalling;
import org.nnpf.bitstream.nnpf.Layer;
import org.nnpf.bitstream.nnpf.ModelHashType;
import org.nnpf.bitstream.nnpf.ModelReference;
import org.nnpf.bitstream.nnpf.NnpfMessageReader;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.PaddingType;
import org.nnpf.bitstream.nnpf.QpSet;
import org.nnpf.bitstream.nnpf.SampleFormat;
import org.nnpf.bitstream.nnpf.TensorCoding;
import org.nnpf.bitstream.nnpf.TensorData;
import org.nnpf.bitstream.nnpf.TensorQuantizer;
import org.nnpf.bitstream.nnpf.TensorRole;
import org.nnpf.common.content.SyntheticSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerInference;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.integer.IntegerReference;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.conformance.ConformanceModels;

/**
 * Structure-aware: a parameter set for one of the conformance models with every quantizer,
 * accumulator precision, multiplier value and coding drawn from the whole range the syntax allows
 * (consistent bias quantizers most of the time, so that decoding gets past that check). The
 * parameter set must read back as written; the decoder's mapping to quantization parameters may
 * reject it only with a {@link org.nnpf.bitstream.BitstreamException}; what it accepts must run,
 * and the patch-wise inference (vector and scalar kernels, any patch size) must give exactly the
 * output of the whole-picture reference process, however extreme the shifts.
 */
class ParameterSetFuzzTest {
  private static final List<Model> MODELS = ConformanceModels.all();
  private static final Picture[] PICTURES = {picture(8), picture(10)};

  private static Picture picture(int bitDepth) {
    return new SyntheticSource(new SequenceInfo(14, 10, bitDepth, ChromaFormat.CF420, 30, 1, 1), 11).frame(0);
  }

  @FuzzTest(maxDuration = "120s")
  void signalledQuantizationRunsBitExactlyOrIsRejected(FuzzedDataProvider in) {
    Model model = MODELS.get(in.consumeInt(0, MODELS.size() - 1));
    Picture pic = PICTURES[in.consumeInt(0, 1)];
    NnpfParameterSet ps;
    try {
      ps = parameterSet(in, model, pic.bitDepth());
    } catch (IllegalArgumentException e) {
      return; // the builder refuses a combination no writer can produce
    }
    byte[] bytes = NnpfMessageWriter.toBytes(ps);
    if (!NnpfMessageReader.read(bytes).equals(ps)) {
      throw new AssertionError("the parameter set does not read back as written");
    }
    int aux = in.consumeInt(0, 65535);
    int pw = in.consumeInt(1, 9);
    int ph = in.consumeInt(1, 9);
    InferenceOptions.Kernel kernel = in.consumeBoolean() ? InferenceOptions.Kernel.VECTOR : InferenceOptions.Kernel.SCALAR;
    Expect.rejectionOnly(() -> {
      QuantizationParams q = FilterSignalling.toQuantizationParams(ps, model);
      IntegerNetwork net = IntegerNetwork.quantize(model, q);
      Picture expected = IntegerReference.run(net, pic, aux).output();
      try (IntegerInference f = new IntegerInference(net,
          InferenceOptions.defaults().withPatch(pw, ph).withKernel(kernel))) {
        Picture got = f.apply(pic, aux);
        if (!got.equals(expected)) {
          throw new AssertionError(kernel + " kernel, patch " + pw + "x" + ph + ": output differs from the reference for\n" + q);
        }
      }
    });
  }

  /** Mostly 8 or 16 bits (what the decoder supports), sometimes 32; fractional bits over the whole syntax range. */
  private static TensorQuantizer quantizer(FuzzedDataProvider in) {
    int w = in.consumeInt(0, 9);
    return new TensorQuantizer(w == 0 ? 32 : w < 5 ? 8 : 16, in.consumeInt(-31, 31));
  }

  /**
   * A coded multiplier value: any int, a realistic small difference, or a value near either end of
   * the 32-bit range (where Pred + td_value overflows 32 bits).
   */
  private static int multiplierValue(FuzzedDataProvider in, boolean absolute) {
    if (absolute) {
      return in.consumeInt(Short.MIN_VALUE, Short.MAX_VALUE);
    }
    switch (in.consumeInt(0, 3)) {
      case 0:
        return in.consumeInt();
      case 1:
        return in.consumeInt(-64, 64);
      case 2:
        return Integer.MAX_VALUE - in.consumeInt(0, 1 << 16);
      default:
        return Integer.MIN_VALUE + in.consumeInt(0, 1 << 16);
    }
  }

  private static NnpfParameterSet parameterSet(FuzzedDataProvider in, Model model, int bitDepth) {
    NnpfParameterSet.Builder b = NnpfParameterSet.builder()
        .id(in.consumeInt(0, 255))
        .model(ModelReference.byHashOf(ModelHashType.SHA256, ModelFile.toBytes(model)))
        .input(SampleFormat.polyphase420(bitDepth))
        .output(SampleFormat.polyphase420(bitDepth))
        .patch(in.consumeInt(1, 4096), in.consumeInt(1, 4096), in.consumeInt(0, 256))
        .padding(PaddingType.ZERO);
    if (model.hasQpPlane()) {
      b.auxInput(in.consumeInt(0, 65535));
    } else {
      b.noAuxInput();
    }
    TensorQuantizer input = quantizer(in);
    b.inputQuantizer(input);
    int qx = input.fracBits();
    for (int i = 0; i < model.layerCount(); i++) {
      Conv2d c = model.conv(i);
      EnumMap<TensorRole, TensorQuantizer> qs = new EnumMap<>(TensorRole.class);
      EnumSet<TensorRole> roles = EnumSet.of(TensorRole.WEIGHTS, TensorRole.OUTPUT);
      TensorQuantizer w = quantizer(in);
      qs.put(TensorRole.WEIGHTS, w);
      if (c.hasBias()) {
        roles.add(TensorRole.BIAS);
        boolean consistent = in.consumeInt(0, 7) != 0 && Math.abs(qx + w.fracBits()) <= 31;
        qs.put(TensorRole.BIAS, consistent ? new TensorQuantizer(32, qx + w.fracBits()) : quantizer(in));
      }
      Optional<TensorData> mult = Optional.empty();
      if (c.hasMultipliers()) {
        roles.add(TensorRole.MULTIPLIER);
        qs.put(TensorRole.MULTIPLIER, in.consumeInt(0, 7) != 0
            ? new TensorQuantizer(16, in.consumeInt(0, 15)) : quantizer(in));
        int[] v = new int[c.outChannels()];
        boolean absolute = in.consumeBoolean();
        for (int k = 0; k < v.length; k++) {
          v[k] = multiplierValue(in, absolute);
        }
        int k = in.consumeInt(0, 17);
        // 17: the arithmetic code of version 1.2 (differences only), with a step
        mult = Optional.of(k == 17 && !absolute ? TensorData.arithmetic(in.consumeInt(0, 30), v)
            : new TensorData(absolute ? TensorCoding.ABSOLUTE : TensorCoding.DELTA_TO_BASE, Math.min(k, 16), v));
      }
      Activation.Kind kind = c.activation().kind();
      if (kind == Activation.Kind.LEAKY_RELU || kind == Activation.Kind.PRELU) {
        roles.add(TensorRole.SLOPE);
        qs.put(TensorRole.SLOPE, in.consumeInt(0, 7) != 0 ? new TensorQuantizer(16, in.consumeInt(0, 15)) : quantizer(in));
      }
      TensorQuantizer out = quantizer(in);
      qs.put(TensorRole.OUTPUT, out);
      b.addQpSet(new QpSet(16 + 8 * in.consumeInt(0, 2), qs));
      b.addLayer(new Layer(FilterSignalling.KIND_CONV2D, c.inChannels(), c.outChannels(), c.kernelSize(),
          c.kernelSize(), roles, i, Map.of(), mult, Optional.empty(), Optional.empty()));
      qx = out.fracBits();
    }
    return b.build();
  }
}
