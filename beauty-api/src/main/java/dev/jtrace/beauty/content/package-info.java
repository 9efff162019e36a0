/**
 * What user memory of a syscall's arguments is copied, when, and how long it is: the contract
 * between the generator (which derives a {@link dev.jtrace.beauty.content.ContentSpec} list per
 * syscall and arch from the pinned headers and formats), the capture (which copies bytes by it,
 * knowing no types) and the renderer (which turns the copied bytes into text and JSON).
 */
package dev.jtrace.beauty.content;
