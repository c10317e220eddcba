package org.nnpf.evaluation.compare;

import java.util.EnumMap;
import java.util.Map;

/** BD-rate and BD-PSNR of a test curve against an anchor for every method and channel. */
public final class BdComparison {
  private final RdCurve anchor;
  private final RdCurve test;
  private final Map<BdMethod, Map<Channel, ChannelResult>> results;

  private BdComparison(RdCurve anchor, RdCurve test, Map<BdMethod, Map<Channel, ChannelResult>> results) {
    this.anchor = anchor;
    this.test = test;
    this.results = results;
  }

  /**
   * Computes every method × channel. A channel missing on either side (luma-only input) gives an
   * unavailable result naming the side and the point.
   */
  public static BdComparison compare(RdCurve anchor, RdCurve test) {
    Map<BdMethod, Map<Channel, ChannelResult>> all = new EnumMap<>(BdMethod.class);
    for (BdMethod m : BdMethod.values()) {
      Map<Channel, ChannelResult> byChannel = new EnumMap<>(Channel.class);
      for (Channel c : Channel.values()) {
        byChannel.put(c, compute(m, c, anchor, test));
      }
      all.put(m, byChannel);
    }
    return new BdComparison(anchor, test, all);
  }

  private static ChannelResult compute(BdMethod m, Channel c, RdCurve anchor, RdCurve test) {
    String missing = anchor.has(c) ? test.missing(c) : anchor.missing(c);
    if (missing != null) {
      BdOutcome none = BdOutcome.unavailable(missing);
      return new ChannelResult(none, none);
    }
    double[] ra = anchor.kbps();
    double[] da = anchor.psnr(c);
    double[] rt = test.kbps();
    double[] dt = test.psnr(c);
    return new ChannelResult(Bjontegaard.bdRate(m, ra, da, rt, dt), Bjontegaard.bdPsnr(m, ra, da, rt, dt));
  }

  public RdCurve anchor() {
    return anchor;
  }

  public RdCurve test() {
    return test;
  }

  public ChannelResult result(BdMethod method, Channel channel) {
    return results.get(method).get(channel);
  }

  /** Whether at least one BD-rate or BD-PSNR value could be computed. */
  public boolean anyAvailable() {
    return results.values().stream().flatMap(m -> m.values().stream()).anyMatch(ChannelResult::anyAvailable);
  }

  /** Whether every value could be computed. */
  public boolean allAvailable() {
    return results.values().stream()
        .flatMap(m -> m.values().stream())
        .allMatch(r -> r.bdRate().isAvailable() && r.bdPsnr().isAvailable());
  }
}
