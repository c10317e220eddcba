package org.nnpf.conformance;

import com.google.common.base.Preconditions;
import java.util.Objects;
import org.nnpf.bitstream.nnpf.ModelHashType;
import org.nnpf.bitstream.nnpf.PaddingType;
import org.nnpf.common.nn.Model;

/**
 * One post-filter a conformance stream signals: the model, how it is quantized, and how its
 * parameter set is written.
 *
 * @param key the name the stream's schedule uses for this filter
 * @param model the model (one of {@link ConformanceModels})
 * @param recipe the quantization recipe
 * @param id {@code nnpfps_id}
 * @param inBand true: the model file travels in the parameter set ({@code nnpfps_model_idc} 1);
 *     false: the parameter set names it by its hash and the decoder must hold it
 * @param modelHash {@code nnpfps_model_hash_type}: SHA-256, its first 16 bytes, or MD5
 * @param patchWidth {@code nnpfps_patch_width_minus1 + 1} (informative)
 * @param patchHeight {@code nnpfps_patch_height_minus1 + 1} (informative)
 * @param overlap {@code nnpfps_overlap}
 * @param padding {@code nnpfps_padding_type}; {@link PaddingType#FIXED} uses mid-grey values
 * @param complexityInfo whether {@code nnpfps_complexity_info_present_flag} is 1
 * @param qpSetStyle how QP sets are assigned to layers
 * @param absoluteMultipliers true: multipliers coded absolute ({@code td_coding_idc} 0); false:
 *     as differences to the model ({@code td_coding_idc} 1)
 * @param multipliersFromModel true: no multipliers signalled ({@code
 *     layer_multiplier_present_flag} 0), the decoder takes the model's (the recipe must not
 *     perturb them)
 * @param auxDefault {@code nnpfps_aux_default_value} of a model with a QP plane
 * @param arithmeticMultipliers true: multipliers coded as differences in the arithmetic code
 *     ({@code td_coding_idc} 2, version 1.2), layer l with {@code td_log2_step} min(l mod 3, the
 *     largest step that divides all its differences)
 */
public record FilterSpec(
    String key,
    Model model,
    QuantizationRecipe recipe,
    int id,
    boolean inBand,
    ModelHashType modelHash,
    int patchWidth,
    int patchHeight,
    int overlap,
    PaddingType padding,
    boolean complexityInfo,
    QpSetStyle qpSetStyle,
    boolean absoluteMultipliers,
    boolean multipliersFromModel,
    int auxDefault,
    boolean arithmeticMultipliers) {

  /** How the parameter set assigns QP sets to layers ({@code nnpfps_qp_set_assignment_idc}). */
  public enum QpSetStyle {
    /** One QP set per layer ({@code nnpfps_qp_set_assignment_idc} 0). */
    PER_LAYER,
    /**
     * Identical QP sets merged, layers point at theirs ({@code nnpfps_qp_set_assignment_idc} 2,
     * {@code layer_qp_set_idx}).
     */
    EXPLICIT_SHARED,
    /**
     * Explicit assignment where the OUTPUT quantizer of every layer comes from extra QP sets that
     * hold only an output quantizer ({@code layer_num_qp_overrides}, {@code layer_override_role},
     * {@code layer_override_qp_set_idx}).
     */
    OUTPUT_OVERRIDES
  }

  public FilterSpec {
    Objects.requireNonNull(key);
    Objects.requireNonNull(model);
    Objects.requireNonNull(recipe);
    Objects.requireNonNull(modelHash);
    Objects.requireNonNull(padding);
    Objects.requireNonNull(qpSetStyle);
    Preconditions.checkArgument(id >= 0 && id <= 255, "id %s", id);
    Preconditions.checkArgument(!multipliersFromModel || recipe.multiplierOffset() == 0,
        "filter %s: multipliers from the model cannot be perturbed", key);
    Preconditions.checkArgument(recipe.layers().size() == model.layerCount(),
        "filter %s: recipe for %s layers, model has %s", key, recipe.layers().size(), model.layerCount());
  }

  /** A filter with the common defaults: in-band model, 64x32 patches, overlap 4, zero padding, complexity info, per-layer QP sets, multipliers as differences, aux default 0. */
  public static FilterSpec of(String key, Model model, QuantizationRecipe recipe, int id) {
    return new FilterSpec(key, model, recipe, id, true, ModelHashType.SHA256, 64, 32, 4, PaddingType.ZERO, true, QpSetStyle.PER_LAYER,
        false, false, 0, false);
  }

  public FilterSpec byHash() {
    return new FilterSpec(key, model, recipe, id, false, modelHash, patchWidth, patchHeight, overlap, padding,
        complexityInfo, qpSetStyle, absoluteMultipliers, multipliersFromModel, auxDefault, arithmeticMultipliers);
  }

  public FilterSpec patch(int width, int height, int overlapSamples) {
    return new FilterSpec(key, model, recipe, id, inBand, modelHash, width, height, overlapSamples, padding,
        complexityInfo, qpSetStyle, absoluteMultipliers, multipliersFromModel, auxDefault, arithmeticMultipliers);
  }

  public FilterSpec padding(PaddingType p) {
    return new FilterSpec(key, model, recipe, id, inBand, modelHash, patchWidth, patchHeight, overlap, p,
        complexityInfo, qpSetStyle, absoluteMultipliers, multipliersFromModel, auxDefault, arithmeticMultipliers);
  }

  public FilterSpec noComplexityInfo() {
    return new FilterSpec(key, model, recipe, id, inBand, modelHash, patchWidth, patchHeight, overlap, padding,
        false, qpSetStyle, absoluteMultipliers, multipliersFromModel, auxDefault, arithmeticMultipliers);
  }

  public FilterSpec qpSets(QpSetStyle s) {
    return new FilterSpec(key, model, recipe, id, inBand, modelHash, patchWidth, patchHeight, overlap, padding,
        complexityInfo, s, absoluteMultipliers, multipliersFromModel, auxDefault, arithmeticMultipliers);
  }

  public FilterSpec withAbsoluteMultipliers() {
    return new FilterSpec(key, model, recipe, id, inBand, modelHash, patchWidth, patchHeight, overlap, padding,
        complexityInfo, qpSetStyle, true, multipliersFromModel, auxDefault, arithmeticMultipliers);
  }

  public FilterSpec auxDefault(int value) {
    return new FilterSpec(key, model, recipe, id, inBand, modelHash, patchWidth, patchHeight, overlap, padding,
        complexityInfo, qpSetStyle, absoluteMultipliers, multipliersFromModel, value, arithmeticMultipliers);
  }

  /** The model identified by a hash of another type. */
  public FilterSpec modelHash(ModelHashType t) {
    return new FilterSpec(key, model, recipe, id, inBand, t, patchWidth, patchHeight, overlap, padding,
        complexityInfo, qpSetStyle, absoluteMultipliers, multipliersFromModel, auxDefault, arithmeticMultipliers);
  }

  /** No multipliers signalled: {@code layer_multiplier_present_flag} 0 in every layer. */
  public FilterSpec withMultipliersFromModel() {
    return new FilterSpec(key, model, recipe, id, inBand, modelHash, patchWidth, patchHeight, overlap, padding,
        complexityInfo, qpSetStyle, absoluteMultipliers, true, auxDefault, arithmeticMultipliers);
  }

  /** The same filter under another key, id and recipe (e.g. a parameter-set update). */
  public FilterSpec variant(String newKey, int newId, QuantizationRecipe newRecipe) {
    return new FilterSpec(newKey, model, newRecipe, newId, inBand, modelHash, patchWidth, patchHeight, overlap, padding,
        complexityInfo, qpSetStyle, absoluteMultipliers, multipliersFromModel, auxDefault, arithmeticMultipliers);
  }

  /** Multipliers in the arithmetic code ({@code td_coding_idc} 2, version 1.2). */
  public FilterSpec withArithmeticMultipliers() {
    return new FilterSpec(key, model, recipe, id, inBand, modelHash, patchWidth, patchHeight, overlap, padding,
        complexityInfo, qpSetStyle, absoluteMultipliers, multipliersFromModel, auxDefault, true);
  }
}
