package org.nnpf.evaluation.compare;

/** BD-rate (percent) and BD-PSNR (dB) of one channel with one method. */
public record ChannelResult(BdOutcome bdRate, BdOutcome bdPsnr) {

  public boolean anyAvailable() {
    return bdRate.isAvailable() || bdPsnr.isAvailable();
  }

  /** The reasons of the unavailable values, "BD-rate: …; BD-PSNR: …" (one if they are equal), or null. */
  public String reason() {
    String r = bdRate.reason().orElse(null);
    String p = bdPsnr.reason().orElse(null);
    if (r == null) {
      return p == null ? null : "BD-PSNR: " + p;
    }
    if (p == null) {
      return "BD-rate: " + r;
    }
    return r.equals(p) ? r : "BD-rate: " + r + "; BD-PSNR: " + p;
  }
}
