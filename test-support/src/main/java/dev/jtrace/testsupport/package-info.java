/**
 * Support every module's tests share. {@link dev.jtrace.testsupport.NoSkipExtension} is registered
 * through {@code META-INF/services} and auto-detected (the parent pom turns detection on for every
 * module): under {@code -Djtrace.requireAll=true} a test that would skip for lack of root, tracefs,
 * gcc, the kernel tree or a fixture fails instead, so a CI machine that has all of them cannot pass
 * with tests that never ran.
 */
package dev.jtrace.testsupport;
