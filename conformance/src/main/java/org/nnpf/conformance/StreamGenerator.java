package org.nnpf.conformance;

import org.nnpf.bitstream.nnpf.NnpfBlockMap;
import org.nnpf.bitstream.nnpf.NnpfRefinementSet;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.common.nn.refine.RefinementProcess;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.nnpf.bitstream.carriage.Container;
import org.nnpf.bitstream.carriage.NnpfUnitExtractor;
import org.nnpf.bitstream.carriage.NnpfUnitInserter;
import org.nnpf.bitstream.filter.FilterSignalling;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nnpf.Layer;
import org.nnpf.bitstream.nnpf.ModelReference;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfMessageReader;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.PaddingType;
import org.nnpf.bitstream.nnpf.PictureHasher;
import org.nnpf.bitstream.nnpf.QpSet;
import org.nnpf.bitstream.nnpf.QpSetAssignment;
import org.nnpf.bitstream.nnpf.TensorData;
import org.nnpf.bitstream.nnpf.TensorQuantizer;
import org.nnpf.bitstream.nnpf.TensorRole;
import org.nnpf.common.codec.BaseDecoder;
import org.nnpf.common.codec.BaseEncoder;
import org.nnpf.common.codec.CodedPictureInfo;
import org.nnpf.common.codec.EncodedStream;
import org.nnpf.common.codec.EncoderConfig;
import org.nnpf.common.codec.SliceType;
import org.nnpf.common.content.SyntheticSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.nn.fp.ActivationStatistics;
import org.nnpf.common.nn.fp.FloatInference;
import org.nnpf.common.nn.integer.AccumulatorReport;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.integer.IntegerReference;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.decoder.NnpfDecoder;

/**
 * Makes one conformance stream from its {@link StreamSpec}:
 *
 * <ol>
 *   <li>renders the synthetic pictures and codes them with the base encoder;
 *   <li>decodes the base stream, calibrates each filter's output ranges on the decoded pictures by
 *       float inference, and derives its quantization parameters from the spec's recipe;
 *   <li>writes each filter's parameter set, and checks that it reads back to the same quantization
 *       parameters ({@link FilterSignalling#toQuantizationParams});
 *   <li>decides, access unit by access unit, which filter applies, by its own implementation of the
 *       decoding process of docs/bitstream-syntax.md section 6 (not the decoder's);
 *   <li>computes every output picture with {@link IntegerReference} (the plain whole-picture
 *       integer process) and its picture hash;
 *   <li>inserts the messages into the base stream;
 *   <li>decodes the result with {@link NnpfDecoder} and checks that every picture hash matches and
 *       every output picture equals the expected one.
 * </ol>
 *
 * A disagreement at any step is an {@link IllegalStateException}: the suite is only written when
 * the generator's independent computation and the decoder agree.
 */
public final class StreamGenerator {
  /** Preset of the base encoder (the suite's streams do not depend on speed). */
  public static final String PRESET = "medium";

  private StreamGenerator() {}

  /** What happened to one access unit (decoding order). */
  public record AccessUnitRecord(
      int accessUnit, int displayIndex, SliceType sliceType, Optional<String> filterKey, int filterId,
      int auxValue, boolean hashed, Optional<AccumulatorReport> accumulators) {}

  /** A generated stream and what the generator computed for it. */
  public record Generated(
      StreamSpec spec,
      EncoderConfig baseConfig,
      byte[] stream,
      int baseBytes,
      List<Picture> outputs,
      String yuvMd5,
      List<AccessUnitRecord> accessUnits,
      Map<String, QuantizationParams> params,
      Map<String, NnpfParameterSet> parameterSets) {

    /** Output pictures (display order) to which a filter was applied. */
    public long filteredPictures() {
      return accessUnits.stream().filter(a -> a.filterKey().isPresent()).count();
    }
  }

  /** Generates {@code spec}. */
  public static Generated generate(StreamSpec spec) {
    NalCodec nal = NalCodec.of(spec.codec());
    SequenceInfo info = new SequenceInfo(spec.width(), spec.height(), spec.bitDepth(), ChromaFormat.CF420, 30, 1,
        spec.pictures());
    SyntheticSource source = new SyntheticSource(info, spec.contentSeed());
    List<Picture> originals = new ArrayList<>();
    for (int i = 0; i < spec.pictures(); i++) {
      originals.add(source.frame(i));
    }
    EncoderConfig cfg = EncoderConfig.builder()
        .codec(spec.codec())
        .qp(spec.qp())
        .structure(spec.structure())
        .preset(PRESET)
        .threads(1)
        .sequence(info)
        .decodedPictureHash(spec.baseHash())
        .interlaced(spec.interlaced())
        .build();
    EncodedStream es = BaseEncoder.encode(cfg, originals);
    byte[] base = es.bytes();
    List<Picture> decoded = BaseDecoder.decodeAll(base, spec.codec(), 1);
    check(decoded.size() == spec.pictures(), spec, "the base decoder output " + decoded.size() + " pictures");
    check(es.pictures().size() == spec.pictures(), spec, "the encoder reported " + es.pictures().size() + " pictures");
    int accessUnits = NnpfUnitExtractor.extractAll(base, nal).size();
    check(accessUnits == spec.pictures(), spec, "the base stream has " + accessUnits + " access units");
    CodedPictureInfo[] byAu = new CodedPictureInfo[spec.pictures()];
    for (CodedPictureInfo c : es.pictures()) {
      byAu[c.codingIndex()] = c;
    }

    // filters: quantization parameters and parameter sets
    Map<String, QuantizationParams> params = new LinkedHashMap<>();
    Map<String, NnpfParameterSet> sets = new LinkedHashMap<>();
    Map<String, IntegerNetwork> nets = new HashMap<>();
    for (FilterSpec f : spec.filters().values()) {
      ActivationStatistics stats = new ActivationStatistics(f.model());
      FloatInference fi = new FloatInference(f.model());
      for (Picture p : decoded) {
        fi.run(p, spec.qp(), stats);
      }
      QuantizationParams q = f.recipe().design(f.model(), stats);
      NnpfParameterSet ps = parameterSet(f, q, spec.bitDepth());
      QuantizationParams back = FilterSignalling.toQuantizationParams(ps, f.model());
      check(back.equals(q), spec, "filter " + f.key() + ": the parameter set reads back as\n" + back + "\ninstead of\n" + q);
      NnpfMessage reread = NnpfMessageReader.read(NnpfMessageWriter.toBytes(ps));
      check(reread.equals(ps), spec, "filter " + f.key() + ": the parameter set does not read back identically");
      params.put(f.key(), q);
      sets.put(f.key(), ps);
      nets.put(f.key(), IntegerNetwork.quantize(f.model(), q));
    }

    // the decoding process (docs/bitstream-syntax.md section 6), independently of the decoder
    Map<Integer, String> stored = new HashMap<>();
    Map<Integer, Refinement> refinements = new HashMap<>();
    Activation persistent = null;
    List<AccessUnitRecord> records = new ArrayList<>();
    Picture[] outputByDisplay = new Picture[spec.pictures()];
    long violations = 0;
    for (int au = 0; au < spec.pictures(); au++) {
      List<ScheduledMessage> msgs = meanings(spec.schedule().getOrDefault(au, List.of()));
      for (ScheduledMessage m : msgs) {
        if (m instanceof ScheduledMessage.SendParameterSet s) {
          int id = spec.filters().get(s.filterKey()).id();
          stored.put(id, s.filterKey());
          refinements.remove(id);
        }
      }
      for (ScheduledMessage m : msgs) {
        if (m instanceof ScheduledMessage.SendRefinement r) {
          check(stored.containsKey(r.psId()) || !r.refinement().readsNetwork(), spec, "access unit " + au
              + ": a stand-alone refinement set " + r.psId() + " reads the network");
          refinements.put(r.psId(), r.refinement());
        }
      }
      for (ScheduledMessage m : msgs) {
        if (m instanceof ScheduledMessage.Cancel c && persistent != null && persistent.id == c.id()) {
          persistent = null;
        }
      }
      Activation current = null;
      for (ScheduledMessage m : msgs) {
        if (m instanceof ScheduledMessage.Activate a) {
          check(current == null, spec, "access unit " + au + " has two activations");
          check(stored.containsKey(a.id()) || refinements.containsKey(a.id()), spec, "access unit " + au
              + " activates parameter set " + a.id() + ", which was never sent");
          current = new Activation(a.id(), a.auxValue());
          if (a.persistent()) {
            persistent = current;
          }
        }
      }
      Activation applied = current != null ? current : persistent;
      CodedPictureInfo ci = byAu[au];
      int display = (int) ci.displayIndex();
      Picture in = decoded.get(display);
      Picture out = in;
      Optional<String> key = Optional.empty();
      Optional<AccumulatorReport> report = Optional.empty();
      int id = -1;
      int aux = 0;
      if (applied != null) {
        String k = stored.get(applied.id);
        Refinement refinement = refinements.get(applied.id);
        if (k == null) {
          // a stand-alone refinement set: no network
          out = RefinementProcess.apply(in, List.of(), refinement);
          key = Optional.of("refinement " + applied.id);
        } else {
          FilterSpec f = spec.filters().get(k);
          aux = f.model().hasQpPlane() ? applied.aux.orElse(f.auxDefault()) : 0;
          IntegerReference.Result r = IntegerReference.run(nets.get(k), in, aux);
          out = refinement == null ? r.output() : RefinementProcess.apply(in, r.hypotheses(), refinement);
          key = Optional.of(k);
          report = Optional.of(r.report());
          violations += r.report().totalViolations();
        }
        id = applied.id;
        for (ScheduledMessage m : msgs) {
          if (m instanceof ScheduledMessage.SendBlockMap b) {
            check(b.id() == applied.id, spec, "access unit " + au + ": block map for " + b.id() + ", filter " + applied.id);
            out = b.map().apply(in, out);
          }
        }
      }
      outputByDisplay[display] = out;
      records.add(new AccessUnitRecord(au, display, ci.sliceType(), key, id, aux, !spec.unhashed().contains(au), report));
    }
    if (spec.accumulatorViolations()) {
      check(violations > 0, spec, "the stream was meant to violate its accumulator precision, but does not");
    } else {
      check(violations == 0, spec, violations + " accumulations violate the declared precision");
    }

    // messages and insertion
    Map<Integer, List<NnpfUnitInserter.Placed>> placed = new TreeMap<>();
    Map<Integer, List<RawUnits.Unit>> raw = new TreeMap<>();
    int apsType = spec.apsNalType() != 0 ? spec.apsNalType() : nal.defaultApsType();
    List<Integer> temporalIds = temporalIds(base, nal);
    for (AccessUnitRecord r : records) {
      List<NnpfUnitInserter.Placed> list = new ArrayList<>();
      List<org.nnpf.bitstream.sei.SeiMessage> suffix = new ArrayList<>();
      for (ScheduledMessage m : spec.schedule().getOrDefault(r.accessUnit(), List.of())) {
        if (m instanceof ScheduledMessage.InSuffixSei x) {
          suffix.add(RawUnits.seiMessage(NnpfMessageWriter.toBytes(message(x.message(), sets, spec))));
        } else if (m instanceof ScheduledMessage.Raw x) {
          int tid = temporalIds.get(r.accessUnit());
          RawUnits.Unit u = x.container() == Container.APS
              ? RawUnits.aps(nal, apsType, tid, x.message())
              : x.withForeignSei()
                  ? RawUnits.sei(nal, tid, List.of(RawUnits.foreignUserData(), RawUnits.seiMessage(x.message())))
                  : RawUnits.sei(nal, tid, x.message());
          raw.computeIfAbsent(r.accessUnit(), k -> new ArrayList<>()).add(u);
        } else {
          list.add(new NnpfUnitInserter.Placed(message(m, sets, spec), m.container()));
        }
      }
      if (!suffix.isEmpty()) {
        raw.computeIfAbsent(r.accessUnit(), k -> new ArrayList<>())
            .add(RawUnits.suffixSei(nal, temporalIds.get(r.accessUnit()), suffix));
      }
      if (r.hashed()) {
        list.add(new NnpfUnitInserter.Placed(
            PictureHasher.hash(outputByDisplay[r.displayIndex()], spec.hashType()), Container.SEI));
      }
      if (!list.isEmpty()) {
        placed.put(r.accessUnit(), list);
      }
    }
    byte[] stream = new NnpfUnitInserter(nal, apsType).insertPlaced(base, placed);
    if (!raw.isEmpty()) {
      stream = RawUnits.insert(stream, nal, raw);
    }
    List<Picture> outputs = List.of(outputByDisplay);

    // the decoder must agree
    verifyWithDecoder(spec, stream, outputs, records);
    return new Generated(spec, cfg, stream, base.length, outputs, YuvMd5.of(outputs), List.copyOf(records),
        params, sets);
  }

  private record Activation(int id, OptionalInt aux) {}

  /**
   * The messages as a version 1.0 decoder understands them (raw messages by their meaning), those in
   * suffix SEI NAL units included: a decoder reads the whole access unit before it applies them.
   */
  private static List<ScheduledMessage> meanings(List<ScheduledMessage> msgs) {
    List<ScheduledMessage> out = new ArrayList<>();
    for (ScheduledMessage m : msgs) {
      if (m instanceof ScheduledMessage.Raw r) {
        r.meaning().ifPresent(out::add);
      } else if (m instanceof ScheduledMessage.InSuffixSei x) {
        out.add(x.message());
      } else {
        out.add(m);
      }
    }
    return out;
  }

  private static NnpfMessage message(ScheduledMessage m, Map<String, NnpfParameterSet> sets, StreamSpec spec) {
    if (m instanceof ScheduledMessage.SendParameterSet s) {
      NnpfParameterSet ps = sets.get(s.filterKey());
      check(ps != null, spec, "no filter " + s.filterKey());
      return ps;
    }
    if (m instanceof ScheduledMessage.Activate a) {
      return a.auxValue().isPresent()
          ? NnpfActivation.activate(a.id(), a.persistent(), a.auxValue().getAsInt())
          : NnpfActivation.activate(a.id(), a.persistent());
    }
    if (m instanceof ScheduledMessage.Cancel c) {
      return NnpfActivation.cancel(c.id());
    }
    if (m instanceof ScheduledMessage.SendRefinement r) {
      return new NnpfRefinementSet(r.psId(), r.refinement());
    }
    if (m instanceof ScheduledMessage.SendBlockMap b) {
      return new NnpfBlockMap(b.id(), b.map());
    }
    throw new IllegalArgumentException("not a writable message: " + m);
  }

  /**
   * The parameter set of filter {@code f} with quantization parameters {@code q}: the project's
   * mapping ({@link FilterSignalling#toParameterSet}), then the spec's choices of patch, padding,
   * complexity information, QP-set assignment and multiplier coding.
   */
  /** The largest s up to 30 such that 2^s divides every value (30 when all are 0). */
  static int commonStep(int[] d) {
    int s = 30;
    for (int v : d) {
      if (v != 0) {
        s = Math.min(s, Integer.numberOfTrailingZeros(v));
      }
    }
    return s;
  }

  static NnpfParameterSet parameterSet(FilterSpec f, QuantizationParams q, int bitDepth) {
    Model model = f.model();
    NnpfParameterSet ps = FilterSignalling.toParameterSet(model, ModelFile.toBytes(model), q, bitDepth,
        new FilterSignalling.Options(f.id(), f.inBand(), f.patchWidth(), f.patchHeight()));
    byte[] file = ModelFile.toBytes(model);
    NnpfParameterSet.Builder b = ps.toBuilder().patch(f.patchWidth(), f.patchHeight(), f.overlap())
        .model(f.inBand() ? ModelReference.inBand(f.modelHash(), file) : ModelReference.byHashOf(f.modelHash(), file));
    if (f.padding() == PaddingType.FIXED) {
      int mid = 1 << (bitDepth - 1);
      b.fixedPadding(mid, mid, mid);
    } else {
      b.padding(f.padding());
    }
    if (!f.complexityInfo()) {
      b.noComplexity();
    }
    if (model.hasQpPlane()) {
      b.auxInput(f.auxDefault());
    }
    List<Layer> layers = new ArrayList<>(ps.layers());
    if (f.absoluteMultipliers()) {
      for (int i = 0; i < layers.size(); i++) {
        Layer l = layers.get(i);
        if (l.multipliers().isPresent()) {
          int[] values = q.layer(i).multipliers()
              .orElse(FilterSignalling.baseMultipliers(model.conv(i), q.layer(i).multiplierFracBits()));
          layers.set(i, l.withMultipliers(TensorData.absolute(values)));
        }
      }
    }
    if (f.arithmeticMultipliers()) {
      for (int i = 0; i < layers.size(); i++) {
        Layer l = layers.get(i);
        if (l.multipliers().isPresent()) {
          int[] d = l.multipliers().get().values();
          int step = Math.min(i % 3, commonStep(d));
          for (int k = 0; k < d.length; k++) {
            d[k] >>= step;
          }
          layers.set(i, l.withMultipliers(TensorData.arithmetic(step, d)));
        }
      }
    }
    // bias updates (version 1.3): the coding of layer i's update is chosen by i % 3 so that one filter
    // covers every coding: 0 absolute (td_coding_idc 0), 1 Exp-Golomb differences (1), 2 the
    // arithmetic code in units of the largest common power-of-two step (2)
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      if (l.biasUpdate().isPresent()) {
        int[] values = q.layer(i).biases().orElseThrow();
        int frac = q.layerInput(i).fracBits() + q.layer(i).weights().fracBits();
        int[] base = org.nnpf.common.nn.integer.IntegerLayer.modelBiases(model.conv(i), frac, q.layer(i).accumulatorBits());
        TensorData eg = TensorData.deltaToBase(values, base);
        TensorData d = switch (i % 3) {
          case 0 -> TensorData.absolute(values);
          case 1 -> eg;
          default -> {
            int[] v = eg.values();
            int step = commonStep(v);
            for (int k = 0; k < v.length; k++) {
              v[k] >>= step;
            }
            yield TensorData.arithmetic(step, v);
          }
        };
        layers.set(i, l.withBiasUpdate(d));
      }
    }
    if (f.multipliersFromModel()) {
      for (int i = 0; i < layers.size(); i++) {
        Layer l = layers.get(i);
        layers.set(i, new Layer(l.kind(), l.inChannels(), l.outChannels(), l.kernelHeight(), l.kernelWidth(),
            l.tensors(), l.qpSetIndex(), l.qpSetOverrides(), Optional.empty(), l.biasUpdate(),
            l.weightUpdate()));
      }
    }
    List<QpSet> sets = new ArrayList<>(ps.qpSets());
    switch (f.qpSetStyle()) {
      case PER_LAYER:
        b.qpSetAssignment(QpSetAssignment.PER_LAYER);
        break;
      case EXPLICIT_SHARED: {
        List<QpSet> unique = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
          QpSet s = sets.get(layers.get(i).qpSetIndex());
          int idx = unique.indexOf(s);
          if (idx < 0) {
            unique.add(s);
            idx = unique.size() - 1;
          }
          layers.set(i, layers.get(i).withQpSetIndex(idx));
        }
        sets = unique;
        b.qpSetAssignment(QpSetAssignment.EXPLICIT);
        break;
      }
      case OUTPUT_OVERRIDES: {
        List<QpSet> own = new ArrayList<>();
        List<TensorQuantizer> outputs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
          QpSet s = sets.get(layers.get(i).qpSetIndex());
          TensorQuantizer o = s.quantizer(TensorRole.OUTPUT).orElseThrow();
          EnumMap<TensorRole, TensorQuantizer> m = new EnumMap<>(TensorRole.class);
          m.putAll(s.quantizers());
          m.remove(TensorRole.OUTPUT);
          own.add(new QpSet(s.accumulatorBits(), m));
          if (!outputs.contains(o)) {
            outputs.add(o);
          }
        }
        List<QpSet> all = new ArrayList<>(own);
        for (TensorQuantizer o : outputs) {
          all.add(new QpSet(32, Map.of(TensorRole.OUTPUT, o)));
        }
        for (int i = 0; i < layers.size(); i++) {
          TensorQuantizer o = sets.get(layers.get(i).qpSetIndex()).quantizer(TensorRole.OUTPUT).orElseThrow();
          layers.set(i, layers.get(i).withQpSetIndex(i).withOverride(TensorRole.OUTPUT, own.size() + outputs.indexOf(o)));
        }
        sets = all;
        b.qpSetAssignment(QpSetAssignment.EXPLICIT);
        break;
      }
      default:
        throw new IllegalStateException();
    }
    return b.qpSets(sets).layers(layers).build();
  }

  private static List<Integer> temporalIds(byte[] stream, NalCodec nal) {
    List<Integer> t = new ArrayList<>();
    NnpfUnitExtractor.extractAll(stream, nal).forEach(au -> t.add(au.accessUnit().temporalId()));
    return t;
  }

  private static void verifyWithDecoder(StreamSpec spec, byte[] stream, List<Picture> expected,
      List<AccessUnitRecord> records) {
    ModelStore store = ModelStore.empty();
    for (FilterSpec f : spec.byHashFilters()) {
      store.add(ModelFile.toBytes(f.model()), "conformance model " + f.model().name());
    }
    List<NnpfDecoder.OutputPicture> got = new ArrayList<>();
    NnpfDecoder.Options opts = new NnpfDecoder.Options(1, InferenceOptions.defaults(), true);
    try (NnpfDecoder dec = new NnpfDecoder(spec.codec(), store, opts, spec.name())) {
      dec.decode(stream, got::add);
    }
    check(got.size() == expected.size(), spec, "the decoder output " + got.size() + " pictures");
    Map<Integer, AccessUnitRecord> byAu = new HashMap<>();
    records.forEach(r -> byAu.put(r.accessUnit(), r));
    for (NnpfDecoder.OutputPicture p : got) {
      AccessUnitRecord r = byAu.get(p.accessUnitIndex());
      check(r != null && r.displayIndex() == p.outputIndex(), spec,
          "output picture " + p.outputIndex() + " comes from access unit " + p.accessUnitIndex());
      check(p.filterId() == r.filterId(), spec, "access unit " + r.accessUnit() + ": the decoder applied filter "
          + p.filterId() + ", the generator " + r.filterId());
      check(p.output().equals(expected.get(p.outputIndex())), spec,
          "output picture " + p.outputIndex() + " differs from the generator's");
      check(p.hashCheck().isPresent() == r.hashed(), spec, "access unit " + r.accessUnit() + ": hash presence");
      p.hashCheck().ifPresent(h -> check(h.ok(), spec, "access unit " + r.accessUnit() + ": hash mismatch " + h));
    }
  }

  private static void check(boolean ok, StreamSpec spec, String what) {
    if (!ok) {
      throw new IllegalStateException(spec.name() + ": " + what);
    }
  }
}
