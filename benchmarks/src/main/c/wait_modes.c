// Ping-pong over one loopback SCTP association (64 B, one message in flight, a thread per end), four ways of
// waiting for the next message: 0 a blocking recvmsg (the C loop), 1 epoll_wait then one recvmsg (what an event
// loop does once its read loop stops after one message), 2 io_uring: one RECVMSG submitted and waited for in a
// single io_uring_enter, 3 the same with the ring set up for one thread that runs completions when it waits
// (IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, Linux 6.1) and the receive armed on poll first
// (IORING_RECVSEND_POLL_FIRST: no attempt that answers EAGAIN). Replies with a plain send. Prints the client's
// round trip: mean, p50, p99.
// Usage: wait_modes MODE ROUNDS WARMUP. Run in the guest (benchmarks/src/main/sh/wait-modes-probe.sh,
// benchmarks/findings.md 16).
#define _GNU_SOURCE
#include <linux/io_uring.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>

#ifndef IPPROTO_SCTP
#define IPPROTO_SCTP 132
#endif
static int mode; // 0 block, 1 epoll, 2 io_uring, 3 io_uring tuned
static int rounds, warm;
static long *rt;

struct ring {
  int fd;
  unsigned *sq_head, *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
  struct io_uring_sqe *sqes;
  struct io_uring_cqe *cqes;
};

static void ring_init(struct ring *r) {
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  if (mode == 3) p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
  r->fd = syscall(__NR_io_uring_setup, 8, &p);
  if (r->fd < 0) { perror("io_uring_setup"); exit(1); }
  size_t sqsz = p.sq_off.array + p.sq_entries * sizeof(unsigned);
  size_t cqsz = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
  char *sq = mmap(0, sqsz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
  char *cq = (p.features & IORING_FEAT_SINGLE_MMAP) ? sq
      : mmap(0, cqsz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
  if (p.features & IORING_FEAT_SINGLE_MMAP && cqsz > sqsz) {
    munmap(sq, sqsz);
    sq = cq = mmap(0, cqsz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
  }
  r->sq_head = (unsigned *)(sq + p.sq_off.head); r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
  r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask); r->sq_array = (unsigned *)(sq + p.sq_off.array);
  r->cq_head = (unsigned *)(cq + p.cq_off.head); r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
  r->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask); r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
  r->sqes = mmap(0, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
}

// One RECVMSG submitted and its completion waited for in one system call.
static int ring_recvmsg(struct ring *r, int fd, struct msghdr *m) {
  unsigned tail = *r->sq_tail, idx = tail & *r->sq_mask;
  struct io_uring_sqe *e = &r->sqes[idx];
  memset(e, 0, sizeof *e);
  e->opcode = IORING_OP_RECVMSG; e->fd = fd; e->addr = (unsigned long)m; e->len = 1;
  if (mode == 3) e->ioprio = IORING_RECVSEND_POLL_FIRST;
  r->sq_array[idx] = idx;
  __atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
  for (;;) {
    int n = syscall(__NR_io_uring_enter, r->fd, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0);
    if (n < 0 && errno != EINTR) { perror("io_uring_enter"); exit(1); }
    unsigned head = *r->cq_head;
    if (head != __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE)) {
      int res = r->cqes[head & *r->cq_mask].res;
      __atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
      return res;
    }
  }
}

struct end { int fd; int client; };

static long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000L + t.tv_nsec; }

static void *run(void *arg) {
  struct end *e = arg;
  char buf[2048], out[64];
  memset(out, 7, sizeof out);
  struct iovec iv = {buf, sizeof buf};
  char cbuf[256];
  struct msghdr m;
  int ep = -1;
  struct ring r = {0};
  if (mode == 1) {
    ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = e->fd};
    epoll_ctl(ep, EPOLL_CTL_ADD, e->fd, &ev);
  } else if (mode >= 2) {
    ring_init(&r);
  }
  int total = warm + rounds;
  for (int i = 0; i < total; i++) {
    long start = 0;
    if (e->client) {
      start = now();
      if (send(e->fd, out, sizeof out, 0) < 0) { perror("send"); exit(1); }
    }
    memset(&m, 0, sizeof m); m.msg_iov = &iv; m.msg_iovlen = 1; m.msg_control = cbuf; m.msg_controllen = sizeof cbuf;
    int n;
    if (mode == 0) {
      n = recvmsg(e->fd, &m, 0);
    } else if (mode == 1) {
      // As an event loop whose read loop stops after one message: wait, then read once.
      struct epoll_event got;
      epoll_wait(ep, &got, 1, -1);
      n = recvmsg(e->fd, &m, MSG_DONTWAIT);
    } else {
      n = ring_recvmsg(&r, e->fd, &m);
    }
    if (n <= 0) { fprintf(stderr, "recv %d %s\n", n, strerror(n < 0 ? (mode >= 2 ? -n : errno) : 0)); exit(1); }
    if (e->client) {
      if (i >= warm) rt[i - warm] = now() - start;
    } else {
      if (send(e->fd, out, n < (int)sizeof out ? n : (int)sizeof out, 0) < 0) { perror("send"); exit(1); }
    }
  }
  return NULL;
}

static int cmp(const void *a, const void *b) { long x = *(const long *)a, y = *(const long *)b; return x < y ? -1 : x > y; }

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: wait_modes MODE(0 block, 1 epoll, 2 io_uring, 3 io_uring tuned) ROUNDS WARMUP\n"); return 2; }
  mode = atoi(argv[1]); rounds = atoi(argv[2]); warm = atoi(argv[3]);
  rt = calloc(rounds, sizeof(long));
  int l = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001)};
  if (bind(l, (void *)&a, sizeof a) || listen(l, 1)) { perror("bind/listen"); return 1; }
  socklen_t al = sizeof a; getsockname(l, (void *)&a, &al);
  int c = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  if (connect(c, (void *)&a, sizeof a)) { perror("connect"); return 1; }
  int s = accept(l, 0, 0);
  struct end se = {s, 0}, ce = {c, 1};
  pthread_t ts, tc;
  pthread_create(&ts, 0, run, &se);
  pthread_create(&tc, 0, run, &ce);
  pthread_join(tc, 0); pthread_join(ts, 0);
  qsort(rt, rounds, sizeof(long), cmp);
  double sum = 0; for (int i = 0; i < rounds; i++) sum += rt[i];
  printf("mode %s: %d round trips, mean %.1f us, p50 %.1f, p99 %.1f\n", mode == 0 ? "block" : mode == 1 ? "epoll" : mode == 2 ? "io_uring" : "io_uring tuned",
         rounds, sum / rounds / 1000, rt[rounds / 2] / 1000.0, rt[rounds * 99 / 100] / 1000.0);
  return 0;
}
