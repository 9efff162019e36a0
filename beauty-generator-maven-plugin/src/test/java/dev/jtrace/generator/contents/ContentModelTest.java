package dev.jtrace.generator.contents;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.abi.extract.KernelSources;
import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.FormatField;
import dev.jtrace.abi.snapshot.SnapshotReader;
import dev.jtrace.beauty.content.CapturePhase;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.generator.signatures.SignatureModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The copies derived from the committed snapshot: rules that apply, types that say, per arch. */
class ContentModelTest {
  private static AbiSnapshot snapshot;
  private static Map<String, ContentModel.ArchContents> byArch;

  @BeforeAll
  static void derive() throws IOException {
    snapshot = SnapshotReader.read(KernelSources.committedSnapshot());
    byArch = new HashMap<>();
    for (ContentModel.ArchContents a : contents()) {
      byArch.put(a.arch(), a);
    }
  }

  private static List<ContentModel.ArchContents> contents() {
    List<SignatureModel.Signature> signatures = SignatureModel.derive(snapshot);
    return ContentModel.derive(
        snapshot, signatures, SignatureModel.formatNames(snapshot, signatures));
  }

  private static List<ContentSpec> specs(String arch, String syscall) {
    return byArch.get(arch).bySyscall().getOrDefault(syscall, List.of());
  }

  @Test
  void everyRuleNamesAnArgumentOfASyscallFormat() {
    Map<String, Set<String>> formats =
        snapshot.formats().values().stream()
            .filter(f -> f.system().equals("syscalls") && f.name().startsWith("sys_enter_"))
            .collect(
                Collectors.toMap(
                    f -> f.name().substring("sys_enter_".length()), ContentModelTest::arguments));
    List<String> dead = new ArrayList<>();
    ContentRules.all()
        .forEach(
            (syscall, copies) -> {
              Set<String> args = formats.getOrDefault(syscall, Set.of());
              for (ContentRules.Copy c : copies) {
                for (String name : new String[] {c.arg(), c.lengthArg(), c.selectorArg()}) {
                  if (name != null && !args.contains(name)) {
                    dead.add(syscall + "(" + name + "): arguments are " + args);
                  }
                }
              }
            });
    assertWithMessage("rules that never apply").that(dead).isEmpty();
  }

  private static Set<String> arguments(EventFormat format) {
    return format.fields().stream()
        .filter(f -> !f.common() && !f.name().equals("__syscall_nr"))
        .map(FormatField::name)
        .collect(Collectors.toSet());
  }

  @Test
  void buffersTakeTheirLengthFromTheRuleAndStructsTheirSizeFromTheArchLayout() {
    assertThat(specs("x86_64", "read"))
        .containsExactly(ContentSpec.builder(1, ContentKind.BYTES).lengthFromReturn().build());
    assertThat(specs("x86_64", "write"))
        .containsExactly(ContentSpec.builder(1, ContentKind.BYTES).lengthFromArg(2).build());
    ContentSpec stat =
        ContentSpec.builder(1, ContentKind.BYTES)
            .phase(CapturePhase.EXIT)
            .elementSize(144)
            .maxElements(1)
            .type("stat")
            .build();
    assertThat(specs("x86_64", "fstat")).containsExactly(stat);
    assertThat(specs("i386", "fstat").get(0).elementSize()).isEqualTo(64);
    assertThat(specs("i386", "fstat64"))
        .containsExactly(
            ContentSpec.builder(1, ContentKind.BYTES)
                .phase(CapturePhase.EXIT)
                .elementSize(96)
                .maxElements(1)
                .type("stat64")
                .build());
    // i386's rt_sigaction takes the kernel's struct sigaction, not the UAPI's old one.
    assertThat(specs("i386", "rt_sigaction").get(0).type()).isEqualTo("kernel_sigaction");
    assertThat(specs("i386", "rt_sigaction").get(0).elementSize()).isEqualTo(20);
    assertThat(specs("arm64", "rt_sigaction").get(0).type()).isEqualTo("sigaction");
    // i386's clock_gettime takes the old 32-bit timespec; clock_gettime64 the 64-bit one.
    assertThat(specs("i386", "clock_gettime").get(0).elementSize()).isEqualTo(8);
    assertThat(specs("i386", "clock_gettime64").get(0).elementSize()).isEqualTo(16);
    assertThat(specs("x86_64", "poll"))
        .containsExactly(
            ContentSpec.builder(0, ContentKind.BYTES)
                .elementSize(8)
                .lengthFromArg(1)
                .type("pollfd")
                .build(),
            ContentSpec.builder(0, ContentKind.BYTES)
                .phase(CapturePhase.EXIT)
                .elementSize(8)
                .lengthFromArg(1)
                .type("pollfd")
                .build())
        .inOrder();
    assertThat(specs("x86_64", "accept").get(0))
        .isEqualTo(
            ContentSpec.builder(1, ContentKind.BYTES)
                .phase(CapturePhase.EXIT)
                .lengthFromPointee(2)
                .type("sockaddr")
                .build());
    assertThat(specs("x86_64", "pipe2").get(0).maxElements()).isEqualTo(2);
    assertThat(specs("x86_64", "getcwd"))
        .containsExactly(
            ContentSpec.builder(0, ContentKind.STRING).phase(CapturePhase.EXIT).build());
    assertThat(specs("x86_64", "openat").get(0).kind()).isEqualTo(ContentKind.STRING);
  }

  @Test
  void ioctlCopiesTermiosOnlyForTheArchsTermiosCommands() {
    List<ContentSpec> x86 = specs("x86_64", "ioctl");
    assertThat(x86.get(0).selectorArg()).isEqualTo(1);
    assertThat(x86.get(0).selectorValue()).isEqualTo(0x5401);
    assertThat(x86.get(0).phase()).isEqualTo(CapturePhase.EXIT);
    assertThat(x86.get(1).phase()).isEqualTo(CapturePhase.ENTER);
    assertThat(x86.get(0).selects(new long[] {1, 0x5401, 0, 0, 0, 0})).isTrue();
    assertThat(x86.get(0).selects(new long[] {1, 0x5402, 0, 0, 0, 0})).isFalse();
    assertThat(specs("powerpc64", "ioctl").get(0).selectorValue()).isNotEqualTo(0x5401);
  }

  @Test
  void layoutsCoverEveryCopiedStructAndWhatItNests() {
    ContentModel.ArchContents x86 = byArch.get("x86_64");
    assertThat(x86.layouts().keySet())
        .containsAtLeast(
            "struct stat",
            "struct statx",
            "struct statx_timestamp",
            "struct sockaddr_in6",
            "struct in6_addr",
            "struct pollfd",
            "struct sigaction",
            "struct new_utsname");
    for (ContentModel.ArchContents a : byArch.values()) {
      for (List<ContentSpec> specs : a.bySyscall().values()) {
        for (ContentSpec s : specs) {
          if (s.kind() == ContentKind.BYTES
              && s.type() != null
              && s.elementSize() > 4
              && !s.type().equals("kernel_sigaction")) {
            assertWithMessage(a.arch() + " " + s)
                .that(a.layouts())
                .containsKey("struct " + s.type());
          }
        }
      }
    }
  }

  @Test
  void derivingTwiceGivesIdenticalSources() {
    String once = ContentEmitter.specs(contents(), "x").toString();
    assertThat(ContentEmitter.specs(contents(), "x").toString()).isEqualTo(once);
    assertThat(ContentEmitter.layouts(contents(), "x").toString())
        .isEqualTo(ContentEmitter.layouts(contents(), "x").toString());
  }
}
