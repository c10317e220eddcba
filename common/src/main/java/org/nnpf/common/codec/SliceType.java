package org.nnpf.common.codec;

import org.bytedeco.ffmpeg.global.avutil;

/** The type of a coded picture, as HM's summary groups pictures: I, P or B. */
public enum SliceType {
  I,
  P,
  B;

  /** The FFmpeg {@code AVPictureType} (intra, predicted, bi-predicted; SI/SP counted as I/P). */
  static SliceType fromAvPictureType(int t) {
    if (t == avutil.AV_PICTURE_TYPE_I || t == avutil.AV_PICTURE_TYPE_SI) {
      return I;
    }
    if (t == avutil.AV_PICTURE_TYPE_P || t == avutil.AV_PICTURE_TYPE_SP) {
      return P;
    }
    if (t == avutil.AV_PICTURE_TYPE_B || t == avutil.AV_PICTURE_TYPE_BI) {
      return B;
    }
    throw new IllegalArgumentException("AVPictureType " + t + " is not I, P or B");
  }
}
