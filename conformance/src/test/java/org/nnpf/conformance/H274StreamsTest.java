package org.nnpf.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.carriage.NnpfUnitExtractor;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nnpf.H274Activation;
import org.nnpf.bitstream.nnpf.H274Characteristics;
import org.nnpf.decoder.app.DecoderCommand;

/** The H.274 carriage streams of conformance/h274 (docs/conformance.md section 9). */
class H274StreamsTest {
  static Path dir() {
    return Dirs.module().resolve("h274");
  }

  @Test
  void theCommittedStreamsAreThoseTheirDefinitionMakesFromTheSuite() throws Exception {
    Map<String, byte[]> files = H274Streams.files(Dirs.suite(), "test");
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      if (e.getKey().endsWith(".txt")) {
        continue;
      }
      assertArrayEquals(e.getValue(), Files.readAllBytes(dir().resolve(e.getKey())), e.getKey());
    }
    try (var s = Files.list(dir())) {
      assertEquals(files.size(), s.count());
    }
  }

  @Test
  void everyStreamGivesItsDocumentedResult() throws Exception {
    for (H274Streams.Spec s : H274Streams.specs()) {
      byte[] stream = Files.readAllBytes(dir().resolve(s.name() + ".bit"));
      String md5 = s.kind() == H274Streams.Kind.ERROR ? "" : SuiteFiles.readMd5(dir(), s.name());
      H274Streams.Outcome o = H274Streams.decode(stream, s.name(), true);
      assertEquals(Optional.empty(), H274Streams.verdict(s, o, md5), s.name() + ": " + o);
    }
  }

  @Test
  void theReCarriedStreamsUseNnpfcAndNnpfa() throws Exception {
    for (String name : List.of("H274_01_HEVC_PERSISTENT", "H274_02_AVC_PERSISTENT", "H274_03_HEVC_MIXED_ACTIVATIONS")) {
      byte[] stream = Files.readAllBytes(dir().resolve(name + ".bit"));
      NalCodec codec = name.contains("AVC") ? NalCodec.AVC : NalCodec.HEVC;
      long nnpfc = NnpfUnitExtractor.extractAll(stream, codec).stream().flatMap(a -> a.nnpfUnits().stream())
          .filter(u -> u.message() instanceof H274Characteristics).count();
      long nnpfa = NnpfUnitExtractor.extractAll(stream, codec).stream().flatMap(a -> a.nnpfUnits().stream())
          .filter(u -> u.message() instanceof H274Activation).count();
      assertTrue(nnpfc >= 1 && nnpfa >= 1, name + ": " + nnpfc + " NNPFC, " + nnpfa + " NNPFA");
    }
  }

  @Test
  void theDecoderCommandReportsIgnoredFiltersAndNamesTheElementOfErrors() throws Exception {
    for (H274Streams.Spec s : H274Streams.specs()) {
      if (s.kind() == H274Streams.Kind.DECODES) {
        continue;
      }
      Path out = Files.createTempFile("h274", ".yuv");
      Files.delete(out);
      java.io.StringWriter o = new java.io.StringWriter();
      java.io.StringWriter e = new java.io.StringWriter();
      int status = DecoderCommand.run(new String[] {"-b", dir().resolve(s.name() + ".bit").toString(), "-o",
          out.toString()}, new java.io.PrintWriter(o), new java.io.PrintWriter(e));
      if (s.kind() == H274Streams.Kind.ERROR) {
        assertEquals(1, status, s.name());
        assertTrue(e.toString().startsWith("decoder: error: "), e.toString());
        assertTrue(e.toString().contains(s.expected() + ":"), e.toString());
        assertEquals(1, e.toString().lines().count(), e.toString());
        assertTrue(!Files.exists(out), "no output file for " + s.name());
      } else {
        assertEquals(0, status, s.name() + e);
        assertTrue(e.toString().contains("decoder: warning: ") && e.toString().contains(s.expected()), e.toString());
        assertEquals(SuiteFiles.readMd5(dir(), s.name()), org.nnpf.common.metrics.FileMd5.hex(out));
        Files.delete(out);
      }
    }
  }
}
