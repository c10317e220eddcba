package org.nnpf.common.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Properties;
import org.nnpf.common.NnpfException;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The main wrapper of the nnpf picocli commands: the same configuration, errors and exit status
 * for every command.
 *
 * <ul>
 *   <li>Exit status 0: done. 1: an error ({@link NnpfException}, an I/O error, out of memory, or a
 *       bug): {@code NAME: error: MESSAGE} on standard error, no stack trace unless {@code --debug}
 *       is given (see {@link StandardOptions}) or the environment has {@code NNPF_DEBUG=1} (a bug —
 *       any other exception — always prints its stack trace). 2: a bad command line (unknown
 *       option, missing or malformed value, bad cfg file): {@code NAME: MESSAGE}, picocli's
 *       suggestions, and a hint to run {@code --help}.
 *   <li>Cfg files: when the command has the {@link CfgOptions} mixin, the {@code -c} files are
 *       expanded before parsing ({@link CfgFile#expand}); an error in a value set by a cfg file
 *       names the file and line.
 *   <li>Parsing: enum values case-insensitive; an unknown option is never taken as the value of
 *       the option before it; an option given twice is an error.
 *   <li>{@code --help} and {@code --version} (through {@code mixinStandardHelpOptions = true} and
 *       {@code versionProvider = CliSupport.VersionProvider.class}).
 * </ul>
 */
public final class CliSupport {
  static {
    // before any command touches the base codec (JavaCPP reads it once)
    org.nnpf.common.codec.NativeMemory.configure();
  }

  /** Exit status of a bad command line. */
  public static final int USAGE = 2;
  /** Exit status of an error. */
  public static final int ERROR = 1;

  private CliSupport() {}

  /**
   * {@code --quiet} and {@code --debug}, as a picocli mixin ({@code @Mixin StandardOptions std;}).
   */
  public static final class StandardOptions {
    @Option(names = "--quiet", description = "Print nothing but errors (no progress, no per-picture lines).")
    private boolean quiet;

    @Option(names = "--debug", description = "Print the stack trace of errors (also NNPF_DEBUG=1).")
    private boolean debug;

    public boolean quiet() {
      return quiet;
    }

    public boolean debug() {
      return debug || debugFromEnvironment();
    }
  }

  /** Version text {@code nnpf NAME VERSION}, for {@code @Command(versionProvider = ...)}. */
  public static final class VersionProvider implements IVersionProvider {
    @picocli.CommandLine.Spec private CommandSpec spec;

    @Override
    public String[] getVersion() {
      return new String[] {"nnpf " + (spec == null ? "" : spec.name() + " ") + version()};
    }
  }

  /** Runs {@code command} with {@code args} on the process's streams and exits with its status. */
  public static void main(Object command, String[] args) {
    int status = run(command, args);
    System.exit(status);
  }

  /** Runs {@code command} with {@code args} on the process's streams; returns the exit status. */
  public static int run(Object command, String[] args) {
    return run(command, args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8));
  }

  /** Runs {@code command} with {@code args}, writing to {@code out} and {@code err}; returns the exit status. */
  public static int run(Object command, String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine(command, out, err);
    CommandSpec spec = cl.getCommandSpec();
    String name = spec.name();
    ArgScan scan = ArgScan.of(spec, args);
    String[] expanded = args;
    if (!scan.has(spec, "-h", "--help", "-V", "--version")) {
      CfgFile.Expansion expansion;
      try {
        expansion = CfgFile.expand(spec, args);
      } catch (NnpfException e) {
        err.println(name + ": " + e.getMessage());
        err.println("Try '" + name + " --help' for the options.");
        err.flush();
        return USAGE;
      }
      if (!scan.has(spec, "--quiet")) {
        for (String note : expansion.notes()) {
          err.println(name + ": " + note);
        }
      }
      expanded = expansion.argsArray();
      cl.setParameterExceptionHandler((ex, a) -> usageError(ex, expansion));
    }
    try {
      return cl.execute(expanded);
    } catch (OutOfMemoryError e) {
      err.println(outOfMemoryMessage(name));
      if (debugFromEnvironment() || scan.has(spec, "--debug")) {
        e.printStackTrace(err);
      }
      err.flush();
      return ERROR;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * A configured command line for {@code command} writing to {@code out} and {@code err}, with the
   * error handling of the class comment (without cfg expansion: use {@link #run} for that).
   */
  public static CommandLine commandLine(Object command, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(command);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setUnmatchedOptionsAllowedAsOptionParameters(false);
    cl.setOverwrittenOptionsAllowed(false);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((ex, a) -> usageError(ex, null));
    cl.setExecutionExceptionHandler(CliSupport::executionError);
    return cl;
  }

  /** Whether the environment asks for stack traces ({@code NNPF_DEBUG=1}). */
  public static boolean debugFromEnvironment() {
    return "1".equals(System.getenv("NNPF_DEBUG"));
  }

  /**
   * The project version: {@code version} of {@code org/nnpf/common/cli/version.properties},
   * filled in by the build from the pom, or {@code unknown} when absent.
   */
  public static String version() {
    try (InputStream in = CliSupport.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "").strip();
        if (!v.isEmpty() && !v.startsWith("${")) {
          return v;
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }

  private static int usageError(ParameterException ex, CfgFile.Expansion expansion) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String name = cl.getCommandSpec().name();
    String message = ex.getMessage();
    if (expansion != null) {
      CfgFile.Entry origin = originOf(ex, expansion);
      if (origin != null) {
        message += " (set by " + origin.where() + ": " + origin.key() + " : " + origin.value() + ")";
      }
    }
    err.println(name + ": " + message);
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + name + " --help' for the options.");
    err.flush();
    return USAGE;
  }

  /** The cfg line behind the argument a parameter error is about, or null. */
  private static CfgFile.Entry originOf(ParameterException ex, CfgFile.Expansion expansion) {
    if (ex.getArgSpec() != null) {
      return expansion.origin(ex.getArgSpec()).orElse(null);
    }
    for (var e : expansion.origins().entrySet()) {
      OptionSpec o = e.getKey();
      for (String n : o.names()) {
        if (ex.getMessage() != null && ex.getMessage().contains("'" + n + "'")) {
          return e.getValue();
        }
      }
    }
    return null;
  }

  private static int executionError(Exception ex, CommandLine cl, ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    String name = cl.getCommandSpec().name();
    boolean debug = debugFromEnvironment() || (parseResult != null && hasDebug(parseResult));
    Throwable t = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
    if (causedByOutOfMemory(ex)) {
      // thrown in a worker thread and wrapped: the same condition as in the main thread
      err.println(outOfMemoryMessage(name));
      if (debug) {
        ex.printStackTrace(err);
      }
    } else if (t instanceof NnpfException || t instanceof IOException) {
      err.println(name + ": error: " + message(t));
      if (debug) {
        t.printStackTrace(err);
      }
    } else {
      err.println(name + ": internal error (a bug; please report it with this trace): " + t);
      t.printStackTrace(err);
    }
    err.flush();
    return ERROR;
  }

  /** The one-line message of a heap too small for the job: the limit, and the option that raises it. */
  static String outOfMemoryMessage(String name) {
    long max = Runtime.getRuntime().maxMemory() >> 20;
    return name + ": error: out of memory (maximum Java heap " + max + " MiB); give the JVM more memory, e.g."
        + " NNPF_JAVA_OPTS=-Xmx" + Math.max(1, 2 * ((max + 1023) / 1024)) + "g (docs/encoder.md, \"Memory\")";
  }

  /** Whether {@code t} or one of its causes is an {@link OutOfMemoryError}. */
  static boolean causedByOutOfMemory(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasDebug(ParseResult pr) {
    for (ParseResult p = pr; p != null; p = p.subcommand()) {
      if (p.commandSpec().optionsMap().containsKey("--debug") && p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  /** A user-facing message for an exception: I/O errors are worded as the shell words them. */
  static String message(Throwable t) {
    if (t instanceof NoSuchFileException e) {
      return e.getFile() + ": no such file or directory";
    }
    if (t instanceof AccessDeniedException e) {
      return e.getFile() + ": permission denied";
    }
    if (t instanceof FileAlreadyExistsException e) {
      return e.getFile() + ": already exists";
    }
    if (t instanceof NotDirectoryException e) {
      return e.getFile() + ": not a directory";
    }
    if (t instanceof DirectoryNotEmptyException e) {
      return e.getFile() + ": directory not empty";
    }
    if (t instanceof FileSystemException e && e.getFile() != null) {
      return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
    }
    if (t instanceof NnpfException) {
      return t.getMessage();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}
