package dev.adf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code adf ui} refuses what it must, through the real composition root, with a reason and no stack trace. */
class UiCommandTest {
  @TempDir Path tmp;

  record Result(int exit, String out, String err) {}

  Result adf(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void anotherAddressThanLoopbackNeedsTheTokenElseExitTwo() {
    Result r = adf("ui", "--home", tmp.resolve("home").toString(), "--bind", "0.0.0.0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--bind 0.0.0.0", "--auth token").doesNotContain("\tat ");
  }

  @Test
  void anAddressThatIsNoneExitsTwo() {
    Result r = adf("ui", "--home", tmp.resolve("home").toString(), "--bind", "no-such-host.invalid");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("is not an address of this machine").doesNotContain("\tat ");
  }

  @Test
  void aPortInUseExitsOneSayingWhatToDo() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Result r = adf("ui", "--home", tmp.resolve("home").toString(), "--port", String.valueOf(busy.getLocalPort()));
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + busy.getLocalPort(), "--port")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void everySubcommandTakesHelp() {
    Result r = adf("ui", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("Usage: adf ui").contains("--auth=MODE", "--bind=ADDR", "--port=N");
    assertThat(adf("windows", "--help").out()).startsWith("Usage: adf windows");
  }
}
