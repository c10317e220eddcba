package org.nnpf.bitstream.nnpf;

import java.io.ByteArrayOutputStream;

/**
 * The adaptive binary arithmetic code of {@code tensor_data()} with {@code td_coding_idc} 2
 * (docs/bitstream-syntax.md 6.3): a binary range coder with 32-bit range and code, 11-bit
 * probabilities adapted by a shift of {@link #ADAPTATION_SHIFT}, byte-wise renormalisation and
 * bypass bins; each value is binarised as {@code sig_flag}, {@code sign_flag}, {@code
 * abs_gt_flag[1..4]} and an Exp-Golomb (order 0) remainder in bypass bins.
 *
 * <p>Every context starts at probability 1/2 for each tensor. The encoder ({@link #encode}) ends
 * with the value of the final interval that has the most trailing zero bits and drops trailing zero
 * bytes, which the decoder reads as 0 beyond the coded bytes: its output length is {@code
 * td_ac_num_bytes}, and the decoder needs no byte beyond it.
 */
public final class TensorArithmeticCode {
  private TensorArithmeticCode() {}

  /** Bits of a probability: a context holds P(bin = 0) as an integer in 1..2047 out of 2048. */
  public static final int PROB_BITS = 11;

  /** The probability of a fresh context, 1/2. */
  public static final int PROB_INIT = 1 << (PROB_BITS - 1);

  /** The adaptation shift: a context moves by 1/16 of the distance to the bin it saw. */
  public static final int ADAPTATION_SHIFT = 4;

  /** Number of greater-than flags ({@code abs_gt_flag[1]} .. {@code abs_gt_flag[4]}). */
  public static final int NUM_GT_FLAGS = 4;

  /** Renormalisation threshold: the range is kept at or above 2^24. */
  private static final long TOP = 1L << 24;

  private static final long MASK32 = 0xFFFFFFFFL;

  /** Contexts: sig (previous value zero), sig (previous value nonzero), sign, gt1..gt4. */
  static final int CTX_SIG_PREV_ZERO = 0;

  static final int CTX_SIG_PREV_NONZERO = 1;

  static final int CTX_SIGN = 2;

  static final int CTX_GT = 3;

  static final int NUM_CONTEXTS = CTX_GT + NUM_GT_FLAGS;

  private static int adapt(int p, int bin) {
    return bin == 0 ? p + (((1 << PROB_BITS) - p) >> ADAPTATION_SHIFT) : p - (p >> ADAPTATION_SHIFT);
  }

  private static int[] freshContexts() {
    int[] c = new int[NUM_CONTEXTS];
    java.util.Arrays.fill(c, PROB_INIT);
    return c;
  }

  // ------------------------------------------------------------------ encoder

  /** The bytes {@code td_ac_byte[ 0 .. td_ac_num_bytes − 1 ]} that code {@code values}. */
  public static byte[] encode(int[] values) {
    Encoder e = new Encoder();
    int[] ctx = freshContexts();
    boolean prevZero = true;
    for (int v : values) {
      e.bin(ctx, prevZero ? CTX_SIG_PREV_ZERO : CTX_SIG_PREV_NONZERO, v != 0 ? 1 : 0);
      if (v != 0) {
        e.bin(ctx, CTX_SIGN, v < 0 ? 1 : 0);
        long a = Math.abs((long) v);
        for (int k = 1; k <= NUM_GT_FLAGS; k++) {
          int gt = a > k ? 1 : 0;
          e.bin(ctx, CTX_GT + k - 1, gt);
          if (gt == 0) {
            break;
          }
        }
        if (a > NUM_GT_FLAGS) {
          e.expGolomb0(a - (NUM_GT_FLAGS + 1));
        }
      }
      prevZero = v == 0;
    }
    return e.finish();
  }

  /** The number of bytes {@link #encode} writes for {@code values}: {@code td_ac_num_bytes}. */
  public static int byteCount(int[] values) {
    return encode(values).length;
  }

  /**
   * A carry-propagating range encoder: {@code low} holds 33 bits; bytes whose value may still change
   * by a carry are held back as {@code cache} and a run of {@code pending} 0xFF bytes.
   */
  private static final class Encoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long low;
    private long range = MASK32;
    private int cache;
    private long pending;
    /** The first byte the carry logic produces is always 0 (the top of the initial interval): not written. */
    private boolean first = true;

    void bin(int[] ctx, int c, int bin) {
      int p = ctx[c];
      long bound = (range >>> PROB_BITS) * p;
      if (bin == 0) {
        range = bound;
      } else {
        low += bound;
        range -= bound;
      }
      ctx[c] = adapt(p, bin);
      normalize();
    }

    void bypass(int bin) {
      range >>>= 1;
      if (bin != 0) {
        low += range;
      }
      normalize();
    }

    /** Exp-Golomb order 0 of {@code n} in 0..2^32 − 2: leading zeros, a one, the suffix. */
    void expGolomb0(long n) {
      long x = n + 1;
      int len = 63 - Long.numberOfLeadingZeros(x);
      for (int i = 0; i < len; i++) {
        bypass(0);
      }
      bypass(1);
      for (int i = len - 1; i >= 0; i--) {
        bypass((int) (x >>> i) & 1);
      }
    }

    private void normalize() {
      while (range < TOP) {
        range = (range << 8) & MASK32;
        shiftLow();
      }
    }

    private void shiftLow() {
      if (low < 0xFF000000L || low > MASK32) {
        int carry = (int) (low >>> 32);
        emit(cache + carry);
        for (; pending > 0; pending--) {
          emit(0xFF + carry);
        }
        cache = (int) ((low >>> 24) & 0xFF);
      } else {
        pending++;
      }
      low = (low & 0x00FFFFFFL) << 8;
    }

    private void emit(int b) {
      if (first) {
        first = false;
        if ((b & 0xFF) != 0) {
          throw new IllegalStateException("the first byte of the range coder is not 0");
        }
        return;
      }
      out.write(b);
    }

    /**
     * Flush: the value written is the number in [low, low + range) with the most trailing zero
     * bits; its four bytes follow the held-back ones, and trailing zero bytes are dropped (the
     * decoder reads bytes beyond {@code td_ac_num_bytes} as 0).
     */
    byte[] finish() {
      long hi = low + range - 1;
      long v = low;
      for (int k = 32; k >= 0; k--) {
        long m = (1L << k) - 1;
        long c = (low + m) & ~m;
        if (c <= hi) {
          v = c;
          break;
        }
      }
      low = v;
      for (int i = 0; i < 5; i++) {
        shiftLow();
      }
      byte[] b = out.toByteArray();
      int n = b.length;
      while (n > 0 && b[n - 1] == 0) {
        n--;
      }
      return java.util.Arrays.copyOf(b, n);
    }
  }

  // ------------------------------------------------------------------ decoder

  /** A decoded value outside −2^31..2^31 − 1 (or a remainder code longer than 32 bits). */
  public static final class ValueOutOfRange extends Exception {
    private static final long serialVersionUID = 1L;

    ValueOutOfRange(String detail) {
      super(detail);
    }
  }

  /**
   * Decodes {@code td_value[ 0 .. n − 1 ]} from the bytes of an arithmetic-coded tensor, one value
   * at a time ({@link #next}).
   */
  public static final class Decoder {
    private final byte[] bytes;
    private int at;
    private long range = MASK32;
    private long code;
    private final int[] ctx = freshContexts();
    private boolean prevZero = true;

    /**
     * Initialises from the first four bytes.
     *
     * @throws IllegalArgumentException if the first four bytes (zeros beyond the end) are all 0xFF:
     *     a code value no encoder produces
     */
    public Decoder(byte[] bytes) {
      this.bytes = bytes;
      for (int i = 0; i < 4; i++) {
        code = (code << 8) | nextByte();
      }
      if (code >= range) {
        throw new IllegalArgumentException("the first four bytes shall not all be 0xFF");
      }
    }

    private int nextByte() {
      return at < bytes.length ? bytes[at++] & 0xFF : nextBeyond();
    }

    private int nextBeyond() {
      at++;
      return 0;
    }

    /** Bytes read so far, counting those beyond the end (read as 0). */
    public int bytesRead() {
      return at;
    }

    private int bin(int c) {
      int p = ctx[c];
      long bound = (range >>> PROB_BITS) * p;
      int b;
      if (code < bound) {
        range = bound;
        b = 0;
      } else {
        code -= bound;
        range -= bound;
        b = 1;
      }
      ctx[c] = adapt(p, b);
      normalize();
      return b;
    }

    private int bypass() {
      range >>>= 1;
      int b = 0;
      if (code >= range) {
        code -= range;
        b = 1;
      }
      normalize();
      return b;
    }

    private void normalize() {
      while (range < TOP) {
        range = (range << 8) & MASK32;
        code = ((code << 8) | nextByte()) & MASK32;
      }
    }

    /** The next value. */
    public int next() throws ValueOutOfRange {
      int sig = bin(prevZero ? CTX_SIG_PREV_ZERO : CTX_SIG_PREV_NONZERO);
      prevZero = sig == 0;
      if (sig == 0) {
        return 0;
      }
      boolean negative = bin(CTX_SIGN) == 1;
      long a = 1;
      while (a <= NUM_GT_FLAGS && bin(CTX_GT + (int) a - 1) == 1) {
        a++;
      }
      if (a > NUM_GT_FLAGS) {
        int leadingZeros = 0;
        while (bypass() == 0) {
          if (++leadingZeros > 31) {
            throw new ValueOutOfRange("abs_remainder: Exp-Golomb code with more than 31 leading zero bits");
          }
        }
        long suffix = 0;
        for (int i = 0; i < leadingZeros; i++) {
          suffix = (suffix << 1) | bypass();
        }
        a = NUM_GT_FLAGS + 1 + (1L << leadingZeros) - 1 + suffix;
      }
      long v = negative ? -a : a;
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new ValueOutOfRange("value " + v + " is outside the allowed range " + Integer.MIN_VALUE + ".."
            + Integer.MAX_VALUE);
      }
      return (int) v;
    }
  }
}
