/*
 * jtrace's signal-line workload: takes a SIGUSR1 it sends itself (handled), then either
 * exits with status 3 or, given an argument, raises SIGTERM (not handled) and dies of it.
 */
#include <signal.h>
#include <unistd.h>

static void handled(int sig) { (void)sig; }

int main(int argc, char **argv) {
  (void)argv;
  signal(SIGUSR1, handled);
  kill(getpid(), SIGUSR1);
  if (argc > 1) {
    raise(SIGTERM);
    pause();
  }
  return 3;
}
