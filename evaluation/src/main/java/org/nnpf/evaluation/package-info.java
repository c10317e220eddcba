/**
 * What users measure with: reports and HM/VTM/VVenC logs read back, BD-rate and RD plots, batch
 * campaigns, the demo.
 */
package org.nnpf.evaluation;
