package org.nnpf.bitstream.nnpf;

/**
 * Complexity information, as H.274 NNPFC has it.
 *
 * @param parameterTypeIdc 0 integer, 1 floating point, 2 binary ({@code nnpfps_parameter_type_idc})
 * @param log2ParameterBitLengthMinus3 0..3: parameters of 8, 16, 32 or 64 bits
 * @param numParametersIdc 0 unspecified; else the network has at most {@code 2048 << (idc - 1)}
 *     parameters; 0..52 so that the bound fits in 63 bits
 * @param numKmacOperationsIdc 0 unspecified; else at most this many thousand multiply-accumulate
 *     operations per output luma sample
 * @param totalKilobyteSize 0 unspecified; else the model file is at most this many kilobytes (1024
 *     bytes)
 */
public record ComplexityInfo(
    int parameterTypeIdc,
    int log2ParameterBitLengthMinus3,
    int numParametersIdc,
    long numKmacOperationsIdc,
    long totalKilobyteSize) {
  public ComplexityInfo {
    if (parameterTypeIdc < 0 || parameterTypeIdc > 2) {
      throw new IllegalArgumentException("parameter type idc " + parameterTypeIdc);
    }
    if (log2ParameterBitLengthMinus3 < 0 || log2ParameterBitLengthMinus3 > 3) {
      throw new IllegalArgumentException("log2 parameter bit length minus 3 " + log2ParameterBitLengthMinus3);
    }
    if (numParametersIdc < 0 || numParametersIdc > 52) {
      throw new IllegalArgumentException("num parameters idc " + numParametersIdc);
    }
    if (numKmacOperationsIdc < 0 || numKmacOperationsIdc > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException("kMAC idc " + numKmacOperationsIdc);
    }
    if (totalKilobyteSize < 0 || totalKilobyteSize > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException("total kilobyte size " + totalKilobyteSize);
    }
  }

  /** Upper bound on the number of parameters, or 0 when unspecified. */
  public long maxParameters() {
    return numParametersIdc == 0 ? 0 : 2048L << (numParametersIdc - 1);
  }
}
