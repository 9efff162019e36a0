package dev.jtrace.files;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The JDK's path-only exception messages become the OS's reason. */
class IoErrorsTest {
  @Test
  void pathOnlyExceptionsGetTheirReason() {
    assertThat(IoErrors.reason(new NoSuchFileException("/x")))
        .isEqualTo("No such file or directory");
    assertThat(IoErrors.reason(new AccessDeniedException("/x"))).isEqualTo("Permission denied");
    assertThat(IoErrors.reason(new FileSystemException("/x", null, "Not a directory")))
        .isEqualTo("Not a directory");
    assertThat(IoErrors.reason(new IOException("No space left on device")))
        .isEqualTo("No space left on device");
  }

  @Test
  void describeNamesTheFileOnce() {
    assertThat(IoErrors.describe(new NoSuchFileException("/x")))
        .isEqualTo("/x: No such file or directory");
    assertThat(IoErrors.describe(new IOException("cannot write /x: Is a directory")))
        .isEqualTo("cannot write /x: Is a directory");
  }
}
