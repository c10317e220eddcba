package org.nnpf.encoder.pipeline;

import java.util.List;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfRefinementSet;
import org.nnpf.common.picture.Picture;

/**
 * A form of a candidate: its parameter set, refinement set, per-picture gains, and outputs (null
 * until chosen, for a partial form).
 */
record Form(String label, NnpfParameterSet ps, NnpfRefinementSet refinement, double[] gain, List<Picture> filtered) {}
