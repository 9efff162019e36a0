package dev.jtrace.testsupport;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Under the configuration parameter (or system property) {@value #REQUIRE_ALL} = {@code true},
 * turns every assumption that fails in a test class's constructor (field initialisers included), a
 * lifecycle method or a test into a failure that says {@code would have skipped: <reason>}. Without
 * it, assumptions skip as usual.
 *
 * <p>An invocation interceptor rather than the exception handlers, because only the interceptor
 * also sees the constructor, where a field such as a compiled workload can assume its tool.
 */
public final class NoSkipExtension implements InvocationInterceptor {
  /**
   * The switch {@code .ci/run} sets: the machine has everything a test may need, so nothing may
   * skip.
   */
  public static final String REQUIRE_ALL = "jtrace.requireAll";

  private static final String ASSUMPTION_PREFIX = "Assumption failed: ";

  @Override
  public <T> T interceptTestClassConstructor(
      Invocation<T> invocation,
      ReflectiveInvocationContext<Constructor<T>> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    return proceedFailingOnAbort(invocation, extensionContext);
  }

  @Override
  public void interceptBeforeAllMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedFailingOnAbort(invocation, extensionContext);
  }

  @Override
  public void interceptBeforeEachMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedFailingOnAbort(invocation, extensionContext);
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedFailingOnAbort(invocation, extensionContext);
  }

  @Override
  public <T> T interceptTestFactoryMethod(
      Invocation<T> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    return proceedFailingOnAbort(invocation, extensionContext);
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedFailingOnAbort(invocation, extensionContext);
  }

  @Override
  public void interceptDynamicTest(
      Invocation<Void> invocation,
      DynamicTestInvocationContext invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedFailingOnAbort(invocation, extensionContext);
  }

  @Override
  public void interceptAfterEachMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedFailingOnAbort(invocation, extensionContext);
  }

  @Override
  public void interceptAfterAllMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedFailingOnAbort(invocation, extensionContext);
  }

  private static <T> T proceedFailingOnAbort(Invocation<T> invocation, ExtensionContext context)
      throws Throwable {
    try {
      return invocation.proceed();
    } catch (TestAbortedException e) {
      if (!required(context)) {
        throw e;
      }
      throw new AssertionFailedError(
          "would have skipped: " + reason(e) + " (" + REQUIRE_ALL + "=true)", e);
    }
  }

  /**
   * The configuration parameter (surefire's), else the system property (a {@code -D} on a test
   * JVM).
   */
  private static boolean required(ExtensionContext context) {
    return Boolean.parseBoolean(
        context
            .getConfigurationParameter(REQUIRE_ALL)
            .orElseGet(() -> System.getProperty(REQUIRE_ALL)));
  }

  private static String reason(TestAbortedException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return "an assumption failed";
    }
    return message.startsWith(ASSUMPTION_PREFIX)
        ? message.substring(ASSUMPTION_PREFIX.length())
        : message;
  }
}
