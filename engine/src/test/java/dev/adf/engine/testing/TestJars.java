package dev.adf.engine.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds a user jar for tests: compiles one Java source with the JDK's compiler and jars the class. */
public final class TestJars {
  private TestJars() {}

  /**
   * Compiles {@code source} (class {@code className}, in the default package or not) into {@code
   * jar}.
   *
   * @throws IllegalStateException when the JDK has no compiler or the source does not compile
   */
  public static Path build(Path dir, String className, String source, Path jar) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no Java compiler in this JDK");
    }
    Path src = dir.resolve("src").resolve(className.replace('.', '/') + ".java");
    Path out = dir.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(out);
    Files.writeString(src, source);
    int rc = javac.run(null, null, null, "-d", out.toString(), src.toString());
    if (rc != 0) {
      throw new IllegalStateException("javac failed with " + rc);
    }
    try (OutputStream f = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(f);
        var files = Files.walk(out)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        j.putNextEntry(new JarEntry(out.relativize(p).toString().replace('\\', '/')));
        j.write(Files.readAllBytes(p));
        j.closeEntry();
      }
    }
    return jar;
  }

  /** A class with {@code main} that prints {@code "user jar args: a,b"}. */
  public static String printArgsSource(String packageName, String simpleName) {
    return String.join("\n", List.of(
        "package " + packageName + ";",
        "public class " + simpleName + " {",
        "  public static void main(String[] args) {",
        "    System.out.println(\"user jar args: \" + String.join(\",\", args));",
        "  }",
        "}"));
  }
}
