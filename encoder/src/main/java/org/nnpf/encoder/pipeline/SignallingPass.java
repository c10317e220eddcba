package org.nnpf.encoder.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nnpf.bitstream.carriage.Carriage;
import org.nnpf.bitstream.carriage.ExtractedAccessUnit;
import org.nnpf.bitstream.carriage.H274Carriage;
import org.nnpf.bitstream.carriage.NnpfUnitExtractor;
import org.nnpf.bitstream.carriage.NnpfUnitInserter;
import org.nnpf.bitstream.filter.FilterSignalling;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfBlockMap;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.common.codec.EncodedStream;
import org.nnpf.common.picture.Picture;

/**
 * Signalling (docs/bitstream-syntax.md 3.3): the post-filter units of every access unit —
 * parameter set, refinement set and activation in the first, then per picture its activation,
 * block map and hash — inserted into the base stream, and the added bits attributed to pictures.
 */
public final class SignallingPass {
  private SignallingPass() {}

  /** The stream with the post-filter units, and the post-filter bits of each picture (output order). */
  public record Result(byte[] stream, long[] filterBitsOf) {}

  /**
   * @param outputs the output pictures (only their count is used)
   * @param best the chosen candidate (its parameter set and refinement set)
   */
  public static Result run(NnpfEncoder.Config cfg, EncodedStream es, List<Picture> outputs, Candidate best, boolean[] on,
      int onCount, NnpfBlockMap[] maps, List<NnpfMessage> hashMessages, int[] codingIndexOf) {
    int qp = cfg.base().qp();
    NnpfParameterSet ps = best.ps();
    Map<Integer, List<NnpfMessage>> messages = new HashMap<>();
    if (onCount > 0) {
      for (int d = 0; d < outputs.size(); d++) {
        List<NnpfMessage> au = messages.computeIfAbsent(codingIndexOf[d], k -> new ArrayList<>());
        if (onCount < outputs.size() && on[d]) {
          au.add(NnpfActivation.activate(cfg.filterId(), false, qp));
        }
        if (maps[d] != null) {
          au.add(maps[d]);
        }
        if (cfg.hashType() != null) {
          au.add(hashMessages.get(d));
        }
      }
      List<NnpfMessage> first = messages.computeIfAbsent(0, k -> new ArrayList<>());
      if (onCount == outputs.size()) {
        first.add(0, NnpfActivation.activate(cfg.filterId(), true, qp));
      }
      if (best.refinement() != null) {
        first.add(0, best.refinement());
      }
      if (ps != null) {
        first.add(0, ps);
      }
    }
    if (cfg.carriage() == Carriage.H274) {
      // the standard NNPFC / NNPFA for the filter, the project's messages as their extension
      byte[] modelFile = cfg.model().file();
      messages = H274Carriage.translate(messages, p -> FilterSignalling.complexityOf(cfg.model().model(), p, modelFile.length),
          H274Carriage.clvsStarts(es.bytes(), NalCodec.of(cfg.base().codec())));
    }
    NnpfUnitInserter inserter = new NnpfUnitInserter(NalCodec.of(cfg.base().codec()));
    byte[] stream = inserter.insert(es.bytes(), messages, cfg.carriage());
    // attribute the added bytes to access units: the difference of each AU's size
    long total = (long) (stream.length - es.bytes().length) * 8;
    List<ExtractedAccessUnit> aus = NnpfUnitExtractor.extractAll(stream, NalCodec.of(cfg.base().codec()));
    long[] perAu = new long[aus.size()];
    for (ExtractedAccessUnit au : aus) {
      perAu[au.index()] = au.bytes().length - au.baseBytes().length;
    }
    long[] filterBitsOf = new long[outputs.size()];
    long sum = 0;
    for (int d = 0; d < outputs.size(); d++) {
      int ci = codingIndexOf[d];
      filterBitsOf[d] = ci < perAu.length ? perAu[ci] * 8 : 0;
      sum += filterBitsOf[d];
    }
    if (sum != total) {
      throw new IllegalStateException("post-filter bits per picture add up to " + sum + ", not " + total);
    }
    return new Result(stream, filterBitsOf);
  }
}
