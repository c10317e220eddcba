package org.nnpf.encoder.report;

/**
 * The rows of an HM/VTM encoder summary: all pictures, and the pictures of each slice type. The
 * delimiter is the character HM prints in the row ({@code 'a'}, {@code 'i'}, {@code 'p'},
 * {@code 'b'}) and the title is the line HM prints above the table.
 */
public enum SliceKind {
  ALL('a', "SUMMARY"),
  I('i', "I Slices"),
  P('p', "P Slices"),
  B('b', "B Slices");

  private final char delimiter;
  private final String title;

  SliceKind(char delimiter, String title) {
    this.delimiter = delimiter;
    this.title = title;
  }

  /** The character printed between the frame count and the bitrate. */
  public char delimiter() {
    return delimiter;
  }

  /** The title HM prints before the block, followed by dashes. */
  public String title() {
    return title;
  }

  /** The kind whose delimiter is {@code c} (case-insensitive), or {@code null}. */
  public static SliceKind ofDelimiter(char c) {
    char lower = Character.toLowerCase(c);
    for (SliceKind k : values()) {
      if (k.delimiter == lower) {
        return k;
      }
    }
    return null;
  }
}
