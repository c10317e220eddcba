package org.nnpf.evaluation.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.nnpf.common.NnpfException;

/**
 * Splitting a plan value into words, and quoting words for display as a shell command.
 *
 * <p>Words are separated by white space; {@code "..."} or {@code '...'} groups characters,
 * white space included, into a word (the quotes are removed; there are no escapes, and a quote of
 * the other kind inside is literal). {@code a"b c"d} is the one word {@code ab cd}.
 */
final class Words {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,+@%^-]+");

  private Words() {}

  /**
   * The words of {@code text}.
   *
   * @param where the position named in the error ({@code file:line})
   * @throws NnpfException naming {@code where} when a quote is not closed
   */
  static List<String> split(String text, String where) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        int end = text.indexOf(c, i + 1);
        if (end < 0) {
          throw new NnpfException(where + ": the quote " + c + " at column " + (i + 1) + " is not closed");
        }
        word.append(text, i + 1, end);
        inWord = true;
        i = end;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** {@code words} as a POSIX shell command line (words with special characters in single quotes). */
  static String shell(List<String> words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(PLAIN.matcher(w).matches() ? w : "'" + w.replace("'", "'\\''") + "'");
    }
    return sb.toString();
  }
}
