package org.nnpf.bitstream.nnpf;

/**
 * Limits on NNPF syntax element values (docs/bitstream-syntax.md, "Limits"). Readers check them
 * before allocating anything sized by the stream; writers refuse structures that break them.
 */
public final class NnpfLimits {
  private NnpfLimits() {}

  /** The syntax version this implementation fully understands: 1.3. */
  public static final int VERSION_MAJOR = 1;

  /**
   * The minor version written with messages of version 1.0 syntax (parameter set, activation, picture
   * hash), so that streams without refinement sets stay readable by version 1.0 decoders.
   */
  public static final int VERSION_MINOR = 0;

  /** The minor version written with refinement sets, the first version that defines them. */
  public static final int VERSION_MINOR_REFINEMENT = 1;

  /**
   * The minor version written with parameter sets that code a tensor with {@code td_coding_idc} 2
   * (the arithmetic code), the first version that defines it.
   */
  public static final int VERSION_MINOR_ARITHMETIC = 2;

  /**
   * The minor version written with parameter sets that carry bias updates ({@code
   * layer_bias_update_flag} 1), the first version that defines their decoding process.
   */
  public static final int VERSION_MINOR_BIAS_UPDATE = 3;

  /**
   * Largest number of elements of all arithmetic-coded tensors of one message together (an
   * arithmetic code can code many zeros in no byte, so the bits left cannot bound them).
   */
  public static final int MAX_AC_ELEMENTS = 1 << 20;

  /** Largest {@code td_log2_step}. */
  public static final int MAX_LOG2_STEP = 30;

  /** Largest {@code nnpfps_id} and {@code nnpfa_target_id}. */
  public static final int MAX_ID = 255;

  /** Largest number of layers of a network. */
  public static final int MAX_LAYERS = 256;

  /** Largest number of input or output channels of a layer. */
  public static final int MAX_CHANNELS = 1024;

  /** Largest kernel height or width. */
  public static final int MAX_KERNEL_SIZE = 15;

  /** Largest number of quantization-parameter sets. */
  public static final int MAX_QP_SETS = 256;

  /** Range of fractional bits of a quantizer (a real value is integer * 2^-fracBits). */
  public static final int MIN_FRAC_BITS = -31;

  public static final int MAX_FRAC_BITS = 31;

  /** Largest Exp-Golomb order of tensor data. */
  public static final int MAX_EG_ORDER = 16;

  /** Largest patch width or height, in input tensor samples. */
  public static final int MAX_PATCH_SIZE = 4096;

  /** Largest patch overlap, in input tensor samples. */
  public static final int MAX_OVERLAP = 256;

  /** Largest in-band model, in bytes (64 MiB). */
  public static final int MAX_MODEL_BYTES = 64 << 20;

  /** Largest input or output bit depth. */
  public static final int MAX_BIT_DEPTH = 16;
}
