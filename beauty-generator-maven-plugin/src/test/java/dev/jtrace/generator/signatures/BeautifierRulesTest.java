package dev.jtrace.generator.signatures;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.abi.extract.KernelSources;
import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.FormatField;
import dev.jtrace.abi.snapshot.SnapshotReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every explicit rule must apply somewhere: a rule naming an absent syscall or argument is dead.
 */
class BeautifierRulesTest {
  private static Map<String, Set<String>> argumentsBySyscall() throws IOException {
    AbiSnapshot snapshot = SnapshotReader.read(KernelSources.committedSnapshot());
    return snapshot.formats().values().stream()
        .filter(f -> f.system().equals("syscalls") && f.name().startsWith("sys_enter_"))
        .collect(
            Collectors.toMap(
                f -> f.name().substring("sys_enter_".length()), BeautifierRulesTest::arguments));
  }

  private static Set<String> arguments(EventFormat format) {
    return format.fields().stream()
        .filter(f -> !f.common() && !f.name().equals("__syscall_nr"))
        .map(FormatField::name)
        .collect(Collectors.toSet());
  }

  @Test
  void everyArgumentRuleNamesAnArgumentOfASyscallFormat() throws IOException {
    Map<String, Set<String>> formats = argumentsBySyscall();
    List<String> dead = new ArrayList<>();
    BeautifierRules.explicitRules()
        .forEach(
            (syscall, rules) -> {
              Set<String> args = formats.get(syscall);
              for (String arg : rules.keySet()) {
                if (args == null || !args.contains(arg)) {
                  dead.add(
                      syscall
                          + "("
                          + arg
                          + ")"
                          + (args == null ? ": no such format" : ": arguments are " + args));
                }
              }
            });
    assertWithMessage("rules that never apply").that(dead).isEmpty();
    assertWithMessage("explicit rules").that(BeautifierRules.explicitRules()).isNotEmpty();
  }

  @Test
  void everyReturnRuleNamesASyscallFormat() throws IOException {
    Set<String> formats = argumentsBySyscall().keySet();
    List<String> dead = new ArrayList<>(BeautifierRules.returnRules().keySet());
    dead.removeAll(formats);
    assertWithMessage("return rules for syscalls without a format").that(dead).isEmpty();
    assertWithMessage("return rules").that(BeautifierRules.returnRules()).isNotEmpty();
  }
}
