/**
 * Base-model training (bin/train) and its validation (bin/validate): trainers, checkpoints,
 * manifests; the committed runs are in training/runs/ (docs/method-implementation.md 3).
 */
package org.nnpf.training;
