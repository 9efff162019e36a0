/** Maven goals: thin wiring of parameters into the plain services of the other packages. */
package dev.jtrace.generator.mojo;
