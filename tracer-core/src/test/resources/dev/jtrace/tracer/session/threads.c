/* 50 threads, each opening, reading and closing the file argv[1] names 200 times, then ending:
   every thread that ends before the others frees its inherited copies of the tracer's events. */
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

enum { THREADS = 50, ROUNDS = 200 };
static const char *path;

static void *work(void *arg) {
  char buf[64];
  for (int i = 0; i < ROUNDS; i++) {
    int fd = open(path, O_RDONLY);
    if (fd >= 0) {
      (void)read(fd, buf, sizeof buf);
      close(fd);
    }
  }
  return arg;
}

int main(int argc, char **argv) {
  pthread_t t[THREADS];
  if (argc != 2) {
    return 2;
  }
  path = argv[1];
  for (int i = 0; i < THREADS; i++) {
    pthread_create(&t[i], 0, work, 0);
  }
  for (int i = 0; i < THREADS; i++) {
    pthread_join(t[i], 0);
  }
  return 0;
}
