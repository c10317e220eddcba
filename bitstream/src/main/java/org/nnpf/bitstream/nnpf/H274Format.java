package org.nnpf.bitstream.nnpf;

import java.util.Optional;

/**
 * The properties of an H.274 NNPFC SEI message that describe the filter's input and output
 * tensors, patches, padding and complexity ({@code nnpfc_property_present_flag} equal to 1), for a
 * filter of one input picture whose purpose has no element of its own (the only form the project
 * writes; the reader keeps the other elements in its trace). Values are those of the syntax
 * elements; a {@code ..._minus8} element that is absent is -1.
 *
 * @param numInputPicsMinus1 {@code nnpfc_num_input_pics_minus1}
 * @param componentLastFlag {@code nnpfc_component_last_flag}: 0 the channel is the first tensor
 *     dimension
 * @param inpFormatIdc {@code nnpfc_inp_format_idc}: 0 real values in [0, 1], 1 unsigned integers
 * @param auxInpIdc {@code nnpfc_auxiliary_inp_idc}: bit 0 a strength-control plane
 * @param inpOrderIdc {@code nnpfc_inp_order_idc}: 3 = four polyphase luma planes and two chroma
 *     planes (4:2:0)
 * @param inpBitDepthLumaMinus8 {@code nnpfc_inp_tensor_luma_bitdepth_minus8}
 * @param inpBitDepthChromaMinus8 {@code nnpfc_inp_tensor_chroma_bitdepth_minus8}
 * @param outFormatIdc {@code nnpfc_out_format_idc}
 * @param outOrderIdc {@code nnpfc_out_order_idc}
 * @param outBitDepthLumaMinus8 {@code nnpfc_out_tensor_luma_bitdepth_minus8}
 * @param outBitDepthChromaMinus8 {@code nnpfc_out_tensor_chroma_bitdepth_minus8}
 * @param sepColDescFlag {@code nnpfc_sep_col_desc_flag} (the project writes 0)
 * @param chromaLocInfoPresentFlag {@code nnpfc_chroma_loc_info_present_flag} (the project writes 0)
 * @param overlap {@code nnpfc_overlap}
 * @param constantPatchSizeFlag {@code nnpfc_constant_patch_size_flag}
 * @param patchWidthMinus1 {@code nnpfc_patch_width_minus1} (or {@code
 *     nnpfc_extended_patch_width_cd_delta_minus1} when the patch size is not constant)
 * @param patchHeightMinus1 {@code nnpfc_patch_height_minus1} (or the height delta)
 * @param paddingType {@code nnpfc_padding_type}: 0 zero, 1 replication, 2 reflection, 3
 *     wrap-around, 4 fixed
 * @param lumaPaddingVal {@code nnpfc_luma_padding_val} (0 when absent)
 * @param cbPaddingVal {@code nnpfc_cb_padding_val}
 * @param crPaddingVal {@code nnpfc_cr_padding_val}
 * @param complexity the five complexity elements when {@code nnpfc_complexity_info_present_flag}
 *     is 1 ({@code nnpfc_log2_parameter_bit_length_minus3} is absent, and 0 here, for binary
 *     parameters)
 * @param metadataExtensionNumBits {@code nnpfc_metadata_extension_num_bits} (the project writes 0)
 */
public record H274Format(
    int numInputPicsMinus1,
    boolean componentLastFlag,
    int inpFormatIdc,
    int auxInpIdc,
    int inpOrderIdc,
    int inpBitDepthLumaMinus8,
    int inpBitDepthChromaMinus8,
    int outFormatIdc,
    int outOrderIdc,
    int outBitDepthLumaMinus8,
    int outBitDepthChromaMinus8,
    boolean sepColDescFlag,
    boolean chromaLocInfoPresentFlag,
    int overlap,
    boolean constantPatchSizeFlag,
    int patchWidthMinus1,
    int patchHeightMinus1,
    int paddingType,
    int lumaPaddingVal,
    int cbPaddingVal,
    int crPaddingVal,
    Optional<ComplexityInfo> complexity,
    long metadataExtensionNumBits) {

  /**
   * The project's form: one input picture, integer tensors of {@code bitDepth} bits in the
   * arrangement {@code order} for input and output, component first, constant patches, no colour
   * description, no metadata extension.
   */
  public static H274Format integerTensors(int order, int bitDepth, int auxInpIdc, int patchWidth, int patchHeight,
      int overlap, int paddingType, Optional<ComplexityInfo> complexity) {
    int luma = order == 1 ? -1 : bitDepth - 8;
    int chroma = order == 0 ? -1 : bitDepth - 8;
    return new H274Format(0, false, 1, auxInpIdc, order, luma, chroma, 1, order, luma, chroma, false, false, overlap,
        true, patchWidth - 1, patchHeight - 1, paddingType, 0, 0, 0, complexity, 0);
  }
}
