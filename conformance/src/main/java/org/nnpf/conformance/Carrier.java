package org.nnpf.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nnpf.bitstream.carriage.NnpfUnitExtractor;
import org.nnpf.bitstream.carriage.NnpfUnitInserter;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfPictureHash;
import org.nnpf.bitstream.nnpf.PictureHashType;
import org.nnpf.bitstream.nnpf.PictureHasher;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.BaseDecoder;
import org.nnpf.common.codec.BaseEncoder;
import org.nnpf.common.codec.CodedPictureInfo;
import org.nnpf.common.codec.CodingStructure;
import org.nnpf.common.codec.EncodedStream;
import org.nnpf.common.codec.EncoderConfig;
import org.nnpf.common.content.SyntheticSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.fp.ActivationStatistics;
import org.nnpf.common.nn.fp.FloatInference;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.integer.IntegerReference;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * The base stream the negative streams are built on: three 128x64 8-bit pictures coded low delay at
 * QP 40 (HEVC or AVC), with the by-hash conformance model ({@link ConformanceModels#byHash()})
 * quantized for it, so that a valid post-filter stream on it is a few kilobytes at most. (Not
 * 96x64: libx265 codes a 96-sample-wide picture differently from run to run.)
 */
public final class Carrier {
  /** The {@code nnpfps_id} of the carrier's filter. */
  public static final int ID = 200;
  /** Picture size. */
  public static final int WIDTH = 128;
  public static final int HEIGHT = 64;
  /** Base-codec QP (and the filter's auxiliary value). */
  public static final int QP = 40;

  private final BaseCodec codec;
  private final NalCodec nal;
  private final byte[] base;
  private final List<Picture> decodedByAu;
  private final List<Integer> displayByAu;
  private final List<Integer> temporalIds;
  private final Model model;

  private Carrier(BaseCodec codec, byte[] base, List<Picture> decodedByAu, List<Integer> displayByAu,
      List<Integer> temporalIds) {
    this.codec = codec;
    this.nal = NalCodec.of(codec);
    this.base = base;
    this.decodedByAu = List.copyOf(decodedByAu);
    this.displayByAu = List.copyOf(displayByAu);
    this.temporalIds = List.copyOf(temporalIds);
    this.model = ConformanceModels.byHash();
  }

  /** Codes the carrier pictures with {@code codec}. */
  public static Carrier of(BaseCodec codec) {
    SequenceInfo info = new SequenceInfo(WIDTH, HEIGHT, 8, ChromaFormat.CF420, 30, 1, 3);
    SyntheticSource src = new SyntheticSource(info, 900);
    List<Picture> originals = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      originals.add(src.frame(i));
    }
    EncoderConfig cfg = EncoderConfig.builder().codec(codec).qp(QP).structure(CodingStructure.LOW_DELAY_B)
        .preset(StreamGenerator.PRESET).threads(1).sequence(info).build();
    EncodedStream es = BaseEncoder.encode(cfg, originals);
    List<Picture> decoded = BaseDecoder.decodeAll(es.bytes(), codec, 1);
    List<Picture> byAu = new ArrayList<>();
    List<Integer> display = new ArrayList<>();
    for (CodedPictureInfo c : es.pictures()) {
      byAu.add(decoded.get((int) c.displayIndex()));
      display.add((int) c.displayIndex());
    }
    List<Integer> tids = new ArrayList<>();
    NnpfUnitExtractor.extractAll(es.bytes(), NalCodec.of(codec)).forEach(au -> tids.add(au.accessUnit().temporalId()));
    if (tids.size() != 3 || byAu.size() != 3) {
      throw new IllegalStateException("carrier: " + tids.size() + " access units, " + byAu.size() + " pictures");
    }
    return new Carrier(codec, es.bytes(), byAu, display, tids);
  }

  public BaseCodec codec() {
    return codec;
  }

  public NalCodec nal() {
    return nal;
  }

  public Model model() {
    return model;
  }

  public int accessUnits() {
    return decodedByAu.size();
  }

  public int temporalId(int au) {
    return temporalIds.get(au);
  }

  /** The base decoder's picture of access unit {@code au}. */
  public Picture decoded(int au) {
    return decodedByAu.get(au);
  }

  /** The quantization parameters of {@code recipe} for the carrier's model on its pictures. */
  public QuantizationParams params(QuantizationRecipe recipe) {
    ActivationStatistics stats = new ActivationStatistics(model);
    FloatInference fi = new FloatInference(model);
    for (Picture p : decodedByAu) {
      fi.run(p, QP, stats);
    }
    return recipe.design(model, stats);
  }

  /** The carrier's parameter set: 16-bit activations and weights, 32-bit accumulators. */
  public NnpfParameterSet parameterSet(boolean inBand) {
    FilterSpec f = FilterSpec.of("carrier", model, ConformanceSuite.int16(model), ID).auxDefault(QP);
    return StreamGenerator.parameterSet(inBand ? f : f.byHash(), params(f.recipe()), 8);
  }

  /** A parameter set with the given quantization parameters (by hash). */
  public NnpfParameterSet parameterSet(QuantizationParams q) {
    FilterSpec f = FilterSpec.of("carrier", model, ConformanceSuite.int16(model), ID).auxDefault(QP).byHash();
    return StreamGenerator.parameterSet(f, q, 8);
  }

  /** The filtered picture of access unit {@code au} (aux value {@link #QP}). */
  public Picture filtered(int au, QuantizationParams q) {
    return IntegerReference.run(IntegerNetwork.quantize(model, q), decodedByAu.get(au), QP).output();
  }

  /** The MD5 picture hash of {@code p}. */
  public static NnpfPictureHash md5(Picture p) {
    return PictureHasher.hash(p, PictureHashType.MD5);
  }

  /** Output pictures in output order from pictures in decoding order. */
  public List<Picture> inOutputOrder(List<Picture> byAu) {
    Picture[] out = new Picture[byAu.size()];
    for (int au = 0; au < byAu.size(); au++) {
      out[displayByAu.get(au)] = byAu.get(au);
    }
    return List.of(out);
  }

  /** The base stream with the given messages (project writer) and hand-made units inserted. */
  public byte[] stream(Map<Integer, List<NnpfUnitInserter.Placed>> messages, Map<Integer, List<RawUnits.Unit>> raw) {
    byte[] s = new NnpfUnitInserter(nal).insertPlaced(base, new TreeMap<>(messages));
    return raw.isEmpty() ? s : RawUnits.insert(s, nal, raw);
  }
}
