package org.nnpf.conformance;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.carriage.NnpfNalUnits;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.nal.NalUnitStream;
import org.nnpf.bitstream.rbsp.Rbsp;
import org.nnpf.bitstream.sei.SeiMessage;
import org.nnpf.bitstream.sei.SeiRbsp;
import org.nnpf.common.NnpfException;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;

/**
 * Seed inputs of the fuzz tests (module tests, package {@code org.nnpf.conformance.fuzz}), taken
 * from the suite and the negative streams and written where Jazzer's JUnit integration looks for
 * them: {@code <resources>/org/nnpf/conformance/fuzz/<TestClass>Inputs/<method>/<seed>}.
 *
 * <ul>
 *   <li>whole streams (small ones) for the NAL unit splitter and the decoder entry point;
 *   <li>the payload bytes of SEI NAL units, of NNPF APS units after the signature, and every NNPF
 *       message for the SEI, APS and message readers;
 *   <li>the conformance model files for the model file reader.
 * </ul>
 *
 * Identical seeds are written once; seeds above a size limit are left out.
 */
public final class FuzzSeeds {
  /** Largest seed file. */
  public static final int MAX_SEED_BYTES = 12288;

  private static final String PACKAGE = "org/nnpf/conformance/fuzz/";

  private FuzzSeeds() {}

  /** Writes every seed into {@code resources} (the test resources root); returns the count per target. */
  public static Map<String, Integer> write(Path suiteDir, Path negativeDir, Path resources) {
    Map<String, Map<String, byte[]>> seeds = new LinkedHashMap<>();
    String streams = "NalUnitFuzzTestInputs/splitsAnyBytesIntoNalUnitsAndAccessUnits";
    String decoder = "DecoderFuzzTestInputs/decodesAnyStreamOrRejectsIt";
    String sei = "SeiFuzzTestInputs/readsAnySeiPayload";
    String aps = "ApsFuzzTestInputs/parsesAnyApsPayload";
    String msg = "NnpfMessageFuzzTestInputs/readsAnyMessageAndWritesItBack";
    String model = "ModelFileFuzzTestInputs/readsAnyModelFileCanonically";
    for (Path dir : List.of(suiteDir, negativeDir)) {
      for (String name : SuiteFiles.streamNames(dir)) {
        byte[] s = SuiteRunner.readAll(SuiteFiles.bitstream(dir, name));
        add(seeds, streams, name, s);
        add(seeds, decoder, name, s);
        NalCodec codec = NalCodec.of(BaseCodec.detect(s, s.length).orElse(BaseCodec.HEVC));
        List<NalUnit> units;
        try {
          units = NalUnitStream.split(s, codec);
        } catch (BitstreamException e) {
          continue;
        }
        int n = 0;
        for (NalUnit u : units) {
          byte[] nal = u.toByteArray();
          byte[] payload = Arrays.copyOfRange(nal, codec.headerBytes(), nal.length);
          String id = name + "-nal" + n++;
          if (codec.isSei(u.type())) {
            add(seeds, sei, id, payload);
            messagesOfSei(u).forEach(m -> add(seeds, msg, id, m));
          } else if (codec.isUnspecified(u.type()) && payload.length > 4
              && new String(payload, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("NNPF")) {
            add(seeds, aps, id, Arrays.copyOfRange(payload, 4, payload.length));
            messageOfAps(u).ifPresent(m -> add(seeds, msg, id, m));
          }
        }
      }
    }
    for (Model m : ConformanceModels.all()) {
      add(seeds, model, m.name(), ModelFile.toBytes(m));
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, byte[]>> e : seeds.entrySet()) {
      Path target = resources.resolve(PACKAGE + e.getKey());
      for (Map.Entry<String, byte[]> s : e.getValue().entrySet()) {
        SuiteFiles.writeAtomically(target.resolve(s.getKey()), s.getValue());
      }
      counts.put(e.getKey(), e.getValue().size());
    }
    return counts;
  }

  private static void add(Map<String, Map<String, byte[]>> seeds, String target, String name, byte[] data) {
    if (data.length == 0 || data.length > MAX_SEED_BYTES) {
      return;
    }
    Map<String, byte[]> t = seeds.computeIfAbsent(target, k -> new LinkedHashMap<>());
    Set<String> known = new HashSet<>();
    for (byte[] b : t.values()) {
      known.add(digest(b));
    }
    if (known.contains(digest(data))) {
      return;
    }
    String n = name;
    for (int i = 1; t.containsKey(n); i++) {
      n = name + "-" + i;
    }
    t.put(n, data.clone());
  }

  private static List<byte[]> messagesOfSei(NalUnit u) {
    List<byte[]> out = new ArrayList<>();
    try {
      for (SeiMessage m : SeiRbsp.read(u.payloadRbsp())) {
        byte[] p = m.payload();
        if (m.payloadType() == SeiMessage.USER_DATA_UNREGISTERED && p.length > 16
            && Arrays.equals(Arrays.copyOf(p, 16), NnpfNalUnits.uuid())) {
          out.add(Arrays.copyOfRange(p, 16, p.length));
        }
      }
    } catch (NnpfException e) {
      return out;
    }
    return out;
  }

  private static Optional<byte[]> messageOfAps(NalUnit u) {
    try {
      Rbsp r = u.payloadRbsp();
      byte[] b = r.bytes();
      int last = b.length - 1;
      while (last >= 0 && b[last] == 0) {
        last--;
      }
      return last > 4 ? Optional.of(Arrays.copyOfRange(b, 4, last)) : Optional.empty();
    } catch (NnpfException e) {
      return Optional.empty();
    }
  }

  private static String digest(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
