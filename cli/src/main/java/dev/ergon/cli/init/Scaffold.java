package dev.ergon.cli.init;

import dev.ergon.cli.config.SupervisionSettings;
import dev.ergon.cli.init.ScaffoldException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import org.jspecify.annotations.Nullable;

/**
 * Writes a new Maven project that uses Ergon: a runnable example task with its connector, test and
 * configuration, an observability stack, a Dockerfile and Kubernetes manifests. The files come from
 * templates in this package's resources ({@code template/files.txt} lists them), with the
 * placeholders {@code {{projectName}}}, {@code {{artifactId}}}, {@code {{groupId}}}, {@code
 * {{package}}}, {@code {{packagePath}}}, {@code {{k8sName}}}, {@code {{ergonVersion}}}, {@code
 * {{shutdownGrace}}} and {@code {{terminationGracePeriodSeconds}}} substituted. The Kubernetes
 * Deployment's termination grace is computed from the {@code supervision.shutdown_grace} of the
 * rendered {@code ergon.yaml} ({@link TerminationGrace}). {@link #withTemplate} with {@link
 * Template#SPRING_BOOT} writes a Spring Boot application instead (its own templates, {@code
 * template-spring-boot/files.txt}, with the engine's dependency versions set over Spring Boot's).
 *
 * <pre>{@code
 * Scaffold.Result result = new Scaffold().create("demo", Path.of("demo"), false);
 * result.files().forEach(f -> System.out.println("  " + f));
 * }</pre>
 *
 * <p>Safety: it refuses a directory that holds anything unless {@code force} is given, and even
 * then it writes only the files it generates, leaving every other file alone, and reports which of
 * them existed before ({@link Result#overwritten()}). Everything is rendered and checked before the
 * first file is written, so a refused or invalid request writes nothing.
 *
 * <p>Thread-safe (stateless apart from the immutable version).
 */
public final class Scaffold {

  /** The name of the task the project's example registers ({@code ergon run example-task}). */
  public static final String EXAMPLE_TASK = "example-task";

  /** The group id given to new projects unless {@link Options#withGroupId} says otherwise. */
  public static final String DEFAULT_GROUP_ID = "com.example";

  private static final String VERSION_RESOURCE = "ergon-version.txt";
  private static final String SPRING_BOOT_VERSIONS = "spring-boot-versions.properties";
  private static final String POM_PROPERTIES = "/META-INF/maven/dev.ergon/ergon-cli/pom.properties";
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final int MAX_NAME_LENGTH = 50;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9]*)}}");

  private final String ergonVersion;
  private final Template template;

  /** What kind of project a scaffold writes. */
  public enum Template {
    /** A plain Maven project run by {@code ergon run} ({@code ergon init NAME}). */
    PLAIN("template/"),
    /**
     * A Spring Boot application using {@code ergon-spring-boot-starter}, with one {@code
     * TaskConfig} bean on the embedded SQL queue, {@code application.yml}, Actuator probes, a test
     * and a runnable jar ({@code ergon init --spring-boot NAME}).
     */
    SPRING_BOOT("template-spring-boot/");

    private final String root;

    Template(String root) {
      this.root = root;
    }

    String manifest() {
      return root + "files.txt";
    }
  }

  /** A scaffold that writes projects depending on this CLI's own Ergon version. */
  public Scaffold() {
    this(frameworkVersion());
  }

  /**
   * A scaffold writing the given kind of project, on the same Ergon version.
   *
   * @param value the template
   * @return the copy
   */
  public Scaffold withTemplate(Template value) {
    return new Scaffold(ergonVersion, value);
  }

  /**
   * A scaffold that writes projects depending on the given Ergon version.
   *
   * @param ergonVersion the version of the Ergon artifacts (and the ergon-bom) the project uses
   */
  public Scaffold(String ergonVersion) {
    this(ergonVersion, Template.PLAIN);
  }

  private Scaffold(String ergonVersion, Template template) {
    if (ergonVersion.isBlank()) {
      throw new IllegalArgumentException("ergonVersion must not be blank");
    }
    this.ergonVersion = ergonVersion.strip();
    this.template = Objects.requireNonNull(template, "template");
  }

  /**
   * The Ergon version new projects depend on.
   *
   * @return the version, e.g. {@code 0.1.0-SNAPSHOT}
   */
  public String ergonVersion() {
    return ergonVersion;
  }

  /**
   * The version of the Ergon framework this CLI belongs to: the {@code version} of the ergon-cli
   * jar's Maven {@code pom.properties} when running from the jar, otherwise the content of the
   * resource {@code dev/ergon/cli/init/ergon-version.txt} (kept equal to the build's version; a
   * test checks it).
   *
   * @return the version
   */
  public static String frameworkVersion() {
    try (InputStream in = Scaffold.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank()) {
          return v.strip();
        }
      }
      return readResource(VERSION_RESOURCE).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Ergon version", e);
    }
  }

  /**
   * Writes project {@code projectName} into {@code directory} with the default options ({@link
   * Options#of(String)}).
   *
   * @param projectName letters, digits, {@code -} and {@code _}, starting with a letter
   * @param directory the project's directory (created when missing); usually {@code ./<name>}
   * @param force write into a non-empty directory, replacing only the generated files
   * @return what was written
   * @throws ScaffoldException when the name is invalid, the directory is not empty without {@code
   *     force}, a generated path is taken by a directory, or writing fails
   */
  public Result create(String projectName, Path directory, boolean force) {
    return create(Options.of(projectName), directory, force);
  }

  /**
   * Writes the project described by {@code options} into {@code directory}.
   *
   * @param options names and coordinates of the project
   * @param directory the project's directory (created when missing)
   * @param force write into a non-empty directory, replacing only the generated files
   * @return what was written
   * @throws ScaffoldException when the directory is not empty without {@code force}, a generated
   *     path is taken by a directory, or writing fails
   */
  public Result create(Options options, Path directory, boolean force) {
    Map<Path, String> files = render(options);
    Path dir = directory.toAbsolutePath().normalize();
    checkDirectory(dir, force);
    checkConflicts(dir, files.keySet());
    List<Path> created = new ArrayList<>();
    List<Path> overwritten = new ArrayList<>();
    List<Path> unchanged = new ArrayList<>();
    for (Map.Entry<Path, String> file : files.entrySet()) {
      Path target = dir.resolve(file.getKey());
      try {
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
          if (Files.readString(target, StandardCharsets.UTF_8).equals(file.getValue())) {
            unchanged.add(file.getKey());
            continue;
          }
          overwritten.add(file.getKey());
        } else {
          created.add(file.getKey());
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ScaffoldException(Reason.IO, "cannot write " + target + ": " + e, e);
      }
    }
    return new Result(
        dir,
        options.artifactId(),
        template,
        List.copyOf(files.keySet()),
        created,
        overwritten,
        unchanged);
  }

  /**
   * Renders every file of the project without writing anything.
   *
   * @param options names and coordinates of the project
   * @return file contents by path relative to the project directory, in manifest order
   * @throws IllegalStateException when a template is missing or uses an unknown placeholder (a bug
   *     of this module, caught by its tests)
   */
  public Map<Path, String> render(Options options) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("projectName", options.projectName());
    vars.put("artifactId", options.artifactId());
    vars.put("groupId", options.groupId());
    vars.put("package", options.packageName());
    vars.put("packagePath", options.packageName().replace('.', '/'));
    vars.put("k8sName", options.k8sName());
    vars.put("ergonVersion", ergonVersion);
    vars.put("exampleTask", EXAMPLE_TASK);
    vars.put("shutdownGrace", TerminationGrace.yamlValue(options.shutdownGrace()));
    if (template == Template.SPRING_BOOT) {
      vars.putAll(springBootVersions());
    }
    Map<Path, String> out = new LinkedHashMap<>();
    List<String[]> entries = manifest();
    // ergon.yaml first: the Kubernetes ConfigMap embeds it, indented, so the two never drift, and
    // the pod's termination grace follows the shutdown grace the file actually says.
    for (String[] e : entries) {
      if (e[1].equals("ergon.yaml")) {
        String yaml = renderTemplate(e[0], vars);
        vars.put("ergonYamlIndented", indent(yaml, "    "));
        Duration grace = TerminationGrace.readFrom(yaml, EXAMPLE_TASK);
        vars.put(
            "terminationGracePeriodSeconds", Long.toString(TerminationGrace.podSeconds(grace)));
      }
    }
    for (String[] e : entries) {
      String target = substitute(e[1], vars, template.manifest());
      out.put(Path.of(target), renderTemplate(e[0], vars));
    }
    return out;
  }

  private String renderTemplate(String resource, Map<String, String> vars) {
    return substitute(readResource(template.root + resource), vars, resource);
  }

  /**
   * The Spring Boot version the starter is built on and the engine's dependency versions (filtered
   * into the resource by the build from the parent pom).
   */
  private static Map<String, String> springBootVersions() {
    Properties p = new Properties();
    try (InputStream in = Scaffold.class.getResourceAsStream(SPRING_BOOT_VERSIONS)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SPRING_BOOT_VERSIONS);
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + SPRING_BOOT_VERSIONS, e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).strip()));
    return out;
  }

  /** Replaces {@code {{name}}} placeholders; an unknown name or a stray double brace is a bug. */
  static String substitute(String text, Map<String, String> vars, String where) {
    var m = PLACEHOLDER.matcher(text);
    StringBuilder sb = new StringBuilder(text.length() + 256);
    while (m.find()) {
      String value = vars.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException(
            "template "
                + where
                + ": unknown placeholder {{"
                + m.group(1)
                + "}}; known: "
                + vars.keySet());
      }
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    String result = sb.toString();
    int stray = result.indexOf("{{");
    if (stray >= 0) {
      throw new IllegalStateException(
          "template " + where + ": '{{' that is not a placeholder at offset " + stray);
    }
    return result;
  }

  private static String indent(String text, String prefix) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!sb.isEmpty()) {
        sb.append('\n');
      }
      if (!line.isEmpty()) {
        sb.append(prefix).append(line);
      }
    }
    String s = sb.toString();
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  /** The manifest's entries: {resource, target path template}. */
  List<String[]> manifest() {
    List<String[]> entries = new ArrayList<>();
    for (String raw : readResource(template.manifest()).split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 2) {
        throw new IllegalStateException(
            template.manifest() + ": expected '<resource> <target>': " + line);
      }
      entries.add(parts);
    }
    return entries;
  }

  private static String readResource(String name) {
    try (InputStream in = Scaffold.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing resource " + Scaffold.class.getPackageName().replace('.', '/') + "/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name, e);
    }
  }

  private static void checkDirectory(Path dir, boolean force) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ScaffoldException(
          Reason.CONFLICT, "cannot create the project in " + dir + ": it is a file");
    }
    if (!Files.isDirectory(dir) || force) {
      return;
    }
    List<String> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.map(p -> p.getFileName().toString()).sorted().limit(6).toList();
    } catch (IOException e) {
      throw new ScaffoldException(Reason.IO, "cannot read directory " + dir + ": " + e, e);
    }
    if (!entries.isEmpty()) {
      String shown =
          entries.size() > 5
              ? String.join(", ", entries.subList(0, 5)) + ", …"
              : String.join(", ", entries);
      throw new ScaffoldException(
          Reason.DIRECTORY_NOT_EMPTY,
          "directory "
              + dir
              + " is not empty ("
              + shown
              + "); choose another directory, or use --force to write the generated files into"
              + " it (other files are left alone)");
    }
  }

  private static void checkConflicts(Path dir, Iterable<Path> files) {
    for (Path rel : files) {
      Path target = dir.resolve(rel);
      if (Files.isDirectory(target)) {
        throw new ScaffoldException(
            Reason.CONFLICT, "cannot write " + target + ": a directory is in the way");
      }
      if (Files.isSymbolicLink(target)) {
        throw new ScaffoldException(
            Reason.CONFLICT, "cannot write " + target + ": it is a symbolic link");
      }
      for (Path p = target.getParent(); p != null && !p.equals(dir); p = p.getParent()) {
        if (Files.exists(p) && !Files.isDirectory(p)) {
          throw new ScaffoldException(
              Reason.CONFLICT, "cannot write " + target + ": " + p + " is a file");
        }
      }
    }
  }

  /**
   * The names and coordinates of a new project.
   *
   * @param projectName the name given to {@code ergon init}
   * @param groupId the Maven group id
   * @param artifactId the Maven artifact id (the project name)
   * @param packageName the Java base package
   * @param shutdownGrace the example task's {@code supervision.shutdown_grace} in {@code
   *     ergon.yaml}, zero or more in whole milliseconds; the Deployment's {@code
   *     terminationGracePeriodSeconds} follows it
   */
  public record Options(
      String projectName,
      String groupId,
      String artifactId,
      String packageName,
      Duration shutdownGrace) {

    /** Validates every field; messages name the field and the value. */
    public Options {
      Objects.requireNonNull(shutdownGrace, "shutdownGrace");
      TerminationGrace.check(shutdownGrace);
      validateName(projectName);
      checkPackage("groupId", groupId);
      Objects.requireNonNull(artifactId, "artifactId");
      if (!NAME.matcher(artifactId).matches()) {
        throw new ScaffoldException(
            Reason.INVALID_NAME,
            "invalid artifactId '" + artifactId + "': letters, digits, '-' and '_' only");
      }
      checkPackage("package", packageName);
    }

    /**
     * The options derived from a project name: group id {@value Scaffold#DEFAULT_GROUP_ID},
     * artifact id = the name, package = group id + the name in lower case without {@code -} and
     * {@code _} ({@code my-project} gives {@code com.example.myproject}), the default shutdown
     * grace ({@link SupervisionSettings#defaults()}).
     *
     * @param projectName letters, digits, {@code -} and {@code _}, starting with a letter
     * @return the options
     * @throws ScaffoldException ({@link Reason#INVALID_NAME}) when the name is not usable
     */
    public static Options of(String projectName) {
      validateName(projectName);
      return new Options(
          projectName,
          DEFAULT_GROUP_ID,
          projectName,
          DEFAULT_GROUP_ID + "." + packageSegment(projectName),
          SupervisionSettings.defaults().shutdownGrace());
    }

    /**
     * A copy with another group id, and the package moved under it.
     *
     * @param value a dotted Java package name, e.g. {@code org.acme}
     * @return the copy
     */
    public Options withGroupId(String value) {
      return new Options(
          projectName, value, artifactId, value + "." + packageSegment(projectName), shutdownGrace);
    }

    /**
     * A copy with another base package.
     *
     * @param value a dotted Java package name
     * @return the copy
     */
    public Options withPackage(String value) {
      return new Options(projectName, groupId, artifactId, value, shutdownGrace);
    }

    /**
     * A copy with another shutdown grace for the example task (and so another pod termination
     * grace).
     *
     * @param value zero or more, in whole milliseconds, e.g. {@code Duration.ofSeconds(45)}
     * @return the copy
     * @throws ScaffoldException ({@link Reason#INVALID_OPTION}) when negative or finer than a
     *     millisecond
     */
    public Options withShutdownGrace(Duration value) {
      return new Options(projectName, groupId, artifactId, packageName, value);
    }

    /**
     * The name in Kubernetes and Docker spelling: lower case, {@code _} as {@code -}.
     *
     * @return e.g. {@code my-project}
     */
    public String k8sName() {
      String s = projectName.toLowerCase(Locale.ROOT).replace('_', '-');
      int end = s.length();
      while (end > 0 && s.charAt(end - 1) == '-') {
        end--;
      }
      return s.substring(0, end);
    }

    private static String packageSegment(String name) {
      return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    private static void validateName(@Nullable String name) {
      if (name == null || name.isBlank()) {
        throw new ScaffoldException(Reason.INVALID_NAME, "the project name must not be empty");
      }
      if (!NAME.matcher(name).matches()) {
        throw new ScaffoldException(
            Reason.INVALID_NAME,
            "invalid project name '"
                + name
                + "': use letters, digits, '-' and '_', starting with a letter (e.g. my-project)");
      }
      if (name.length() > MAX_NAME_LENGTH) {
        throw new ScaffoldException(
            Reason.INVALID_NAME,
            "invalid project name '"
                + name
                + "': at most "
                + MAX_NAME_LENGTH
                + " characters (it names a Kubernetes deployment)");
      }
      String segment = packageSegment(name);
      if (SourceVersion.isKeyword(segment)) {
        throw new ScaffoldException(
            Reason.INVALID_NAME,
            "invalid project name '"
                + name
                + "': its package name '"
                + segment
                + "' is a Java keyword; choose another name");
      }
    }

    private static void checkPackage(String field, @Nullable String value) {
      if (value == null || !SourceVersion.isName(value)) {
        throw new ScaffoldException(
            Reason.INVALID_NAME,
            "invalid " + field + " '" + value + "': a dotted Java package name, e.g. com.example");
      }
    }
  }

  /**
   * What {@link #create} wrote. Paths are relative to {@link #directory()}.
   *
   * @param directory the project directory, absolute
   * @param artifactId the project's artifact id (its jar is {@code target/<artifactId>.jar})
   * @param template the kind of project
   * @param files every generated file, in template order
   * @param created files that did not exist
   * @param overwritten files that existed with other content and were replaced (only with {@code
   *     force})
   * @param unchanged files that existed with exactly the generated content
   */
  public record Result(
      Path directory,
      String artifactId,
      Template template,
      List<Path> files,
      List<Path> created,
      List<Path> overwritten,
      List<Path> unchanged) {

    /** Copies the lists. */
    public Result {
      files = List.copyOf(files);
      created = List.copyOf(created);
      overwritten = List.copyOf(overwritten);
      unchanged = List.copyOf(unchanged);
    }

    /**
     * A report for the terminal: where the project is, the files replaced (if any), and the next
     * commands.
     *
     * @return several lines, ending with a newline
     */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append("Created an Ergon project in ")
          .append(directory)
          .append(" (")
          .append(created.size())
          .append(" new files");
      if (!overwritten.isEmpty()) {
        sb.append(", ").append(overwritten.size()).append(" overwritten");
      }
      if (!unchanged.isEmpty()) {
        sb.append(", ").append(unchanged.size()).append(" unchanged");
      }
      sb.append(")\n");
      if (!overwritten.isEmpty()) {
        sb.append("Overwritten (--force):\n");
        overwritten.forEach(p -> sb.append("  ").append(p).append('\n'));
      }
      sb.append("Next:\n").append("  cd ").append(directory).append('\n');
      if (template == Template.SPRING_BOOT) {
        return sb.append("  mvn verify\n")
            .append("  java -jar target/")
            .append(artifactId)
            .append(".jar\n")
            .toString();
      }
      sb.append("  mvn verify\n")
          .append("  mvn -q -Pdist -DskipTests package\n")
          .append("  java -jar target/")
          .append(artifactId)
          .append(".jar run ")
          .append(EXAMPLE_TASK)
          .append('\n');
      return sb.toString();
    }
  }
}
