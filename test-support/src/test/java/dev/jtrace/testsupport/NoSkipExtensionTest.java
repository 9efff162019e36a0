package dev.jtrace.testsupport;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small test classes through the Jupiter engine with the extension auto-detected (as every
 * module's surefire does) and checks what became of their assumptions with the switch on and off.
 * The sample classes are nested, so surefire does not run them on their own.
 */
class NoSkipExtensionTest {
  private static final String AUTODETECT = "junit.jupiter.extensions.autodetection.enabled";

  static class AssumesInATest {
    @Test
    void needsAWidget() {
      assumeTrue(false, "no widget at /dev/widget");
    }

    @Test
    void passes() {}

    @Test
    void failsOnItsOwn() {
      throw new AssertionError("a real failure");
    }
  }

  static class AssumesInBeforeAll {
    @BeforeAll
    static void needsTracefs() {
      assumeTrue(false, "no tracefs");
    }

    @Test
    void neverRuns() {}
  }

  static class AssumesInBeforeEach {
    @BeforeEach
    void needsGcc() {
      assumeTrue(false, "no gcc");
    }

    @Test
    void neverRuns() {}
  }

  static class AssumesInAFieldInitialiser {
    private final String tree = kernelTree();

    private static String kernelTree() {
      assumeTrue(false, "no kernel tree at /usr/src/linux");
      return "";
    }

    @Test
    void usesTheTree() {
      assertThat(tree).isNotNull();
    }
  }

  /**
   * Runs the cases with the switch as a configuration parameter (none when null) and as the given
   * system property (none when null); the outer run's own switch is put back afterwards.
   */
  private static EngineExecutionResults run(
      Class<?> cases, String parameter, String systemProperty) {
    String outer = System.getProperty(NoSkipExtension.REQUIRE_ALL);
    set(systemProperty);
    try {
      var kit =
          EngineTestKit.engine("junit-jupiter")
              .configurationParameter(AUTODETECT, "true")
              .selectors(selectClass(cases));
      if (parameter != null) {
        kit.configurationParameter(NoSkipExtension.REQUIRE_ALL, parameter);
      }
      return kit.execute();
    } finally {
      set(outer);
    }
  }

  private static void set(String systemProperty) {
    if (systemProperty == null) {
      System.clearProperty(NoSkipExtension.REQUIRE_ALL);
    } else {
      System.setProperty(NoSkipExtension.REQUIRE_ALL, systemProperty);
    }
  }

  private static List<String> failureMessages(Events events) {
    return events.failed().stream()
        .map(
            e ->
                e.getPayload(TestExecutionResult.class)
                    .orElseThrow()
                    .getThrowable()
                    .orElseThrow()
                    .getMessage())
        .toList();
  }

  private static List<String> names(Events events) {
    return events.stream().map(Event::getTestDescriptor).map(d -> d.getDisplayName()).toList();
  }

  @Test
  void withoutTheSwitchAnAssumptionSkips() {
    Events tests = run(AssumesInATest.class, null, null).testEvents();
    assertThat(names(tests.aborted())).containsExactly("needsAWidget()");
    assertThat(names(tests.succeeded())).containsExactly("passes()");
    assertThat(failureMessages(tests)).containsExactly("a real failure");
  }

  @Test
  void switchedOffExplicitlyAnAssumptionSkips() {
    Events tests = run(AssumesInATest.class, "false", null).testEvents();
    assertThat(names(tests.aborted())).containsExactly("needsAWidget()");
  }

  @Test
  void withTheSwitchAnAssumptionInATestFailsWithItsReason() {
    Events tests = run(AssumesInATest.class, "true", null).testEvents();
    assertThat(tests.aborted().count()).isEqualTo(0);
    assertThat(names(tests.succeeded())).containsExactly("passes()");
    assertThat(failureMessages(tests))
        .containsExactly(
            "would have skipped: no widget at /dev/widget (jtrace.requireAll=true)",
            "a real failure");
  }

  @Test
  void withTheSwitchAnAssumptionInBeforeAllFailsTheClass() {
    EngineExecutionResults r = run(AssumesInBeforeAll.class, "true", null);
    assertThat(r.testEvents().started().count()).isEqualTo(0);
    assertThat(r.containerEvents().aborted().count()).isEqualTo(0);
    assertThat(failureMessages(r.containerEvents()))
        .containsExactly("would have skipped: no tracefs (jtrace.requireAll=true)");
  }

  @Test
  void withTheSwitchAnAssumptionInBeforeEachFailsTheTest() {
    Events tests = run(AssumesInBeforeEach.class, "true", null).testEvents();
    assertThat(failureMessages(tests))
        .containsExactly("would have skipped: no gcc (jtrace.requireAll=true)");
  }

  @Test
  void withTheSwitchAnAssumptionInAFieldInitialiserFailsTheTest() {
    Events tests = run(AssumesInAFieldInitialiser.class, "true", null).testEvents();
    assertThat(failureMessages(tests))
        .containsExactly(
            "would have skipped: no kernel tree at /usr/src/linux (jtrace.requireAll=true)");
    assertThat(names(run(AssumesInAFieldInitialiser.class, null, null).testEvents().aborted()))
        .containsExactly("usesTheTree()");
  }

  @Test
  void theSwitchIsReadFromTheSystemPropertiesToo() {
    // surefire passes -Djtrace.requireAll=true to the test JVM as a system property
    Events tests = run(AssumesInBeforeEach.class, null, "true").testEvents();
    assertThat(failureMessages(tests))
        .containsExactly("would have skipped: no gcc (jtrace.requireAll=true)");
  }
}
