package org.nnpf.common.codec;

/**
 * JavaCPP's limit on native memory, set before JavaCPP first loads. By default JavaCPP refuses
 * native allocations once the process's resident memory exceeds 4 times the maximum Java heap:
 * that counts the codecs' own buffers (x265's at 3840x2160 take hundreds of MB) against the heap
 * size, so a small {@code -Xmx} fails in the base codec for a reason that is not the heap's. The
 * Java heap is bounded by {@code -Xmx}, native memory by the machine: the limit is lifted unless
 * {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes} is given.
 */
public final class NativeMemory {
  private static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

  private NativeMemory() {}

  /** Lifts the limit unless the property is set; effective only before JavaCPP's first use. */
  public static void configure() {
    if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
      System.setProperty(MAX_PHYSICAL_BYTES, "0");
    }
  }
}
