package org.nnpf.common.nn;

/**
 * One layer of a post-filter network. A network is a chain of layers; each reads the tensor the
 * previous one produced (the first reads the input tensor). Version 1 of the model format has one
 * layer kind, {@link Conv2d}, which carries its optional per-channel multiplier and activation.
 */
public sealed interface Layer permits Conv2d {
  /** Channels read. */
  int inChannels();

  /** Channels produced. */
  int outChannels();

  /** How far (in tensor positions) one output position looks at the input on each side. */
  int radius();

  /** Learned parameters (weights, biases, multipliers, slopes). */
  long parameterCount();

  /** Multiply-accumulate operations per output tensor position. */
  long macsPerPosition();
}
