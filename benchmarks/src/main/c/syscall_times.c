// The C twin of the stamped ping-pong (benchmarks/findings.md 17): 64 B over one loopback association, a thread
// per end, each end waiting with epoll_wait then recvmsg (MODE 1) or in a blocking recvmsg (MODE 0), sending with
// sendmsg and SCTP_SNDINFO, SCTP_RECVRCVINFO and SCTP_NODELAY on, as sctp_peer.c does. Prints the time inside each
// system call per round trip and each thread's context switches; in the counted guest, time is an instruction
// count. gcc -O2 -pthread -o benchmarks/target/native/syscall_times benchmarks/src/main/c/syscall_times.c, then
// run it through tools/sctp-vm/bin/java with SCTP_VM_REAL_JAVA pointing at a script that starts it (as
// wait-modes-probe.sh does): syscall_times MODE ROUNDS WARMUP.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/sctp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
static int mode, rounds, warm;
static long now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000L + t.tv_nsec; }
struct end { int fd, client; long tsend, trecv, twait, rt, vcs, ivcs; };
static void opts(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_SCTP, SCTP_NODELAY, &one, sizeof one);
  setsockopt(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, &one, sizeof one);
}
static void *run(void *arg) {
  struct end *e = arg;
  char buf[2048], out[64];
  memset(out, 7, sizeof out);
  char sc[CMSG_SPACE(sizeof(struct sctp_sndinfo))];
  memset(sc, 0, sizeof sc);
  struct iovec ov = {out, sizeof out};
  struct msghdr sm = {.msg_iov = &ov, .msg_iovlen = 1, .msg_control = sc, .msg_controllen = sizeof sc};
  struct cmsghdr *c = CMSG_FIRSTHDR(&sm);
  c->cmsg_level = IPPROTO_SCTP; c->cmsg_type = SCTP_SNDINFO; c->cmsg_len = CMSG_LEN(sizeof(struct sctp_sndinfo));
  struct iovec iv = {buf, sizeof buf};
  char cbuf[256];
  struct msghdr m;
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = e->fd};
  epoll_ctl(ep, EPOLL_CTL_ADD, e->fd, &ev);
  int total = warm + rounds;
  struct rusage ru0, ru1;
  for (int i = 0; i < total; i++) {
    if (i == warm) getrusage(RUSAGE_THREAD, &ru0);
    int measured = i >= warm;
    long start = 0, t0, t1;
    if (e->client) {
      start = now();
      t0 = now();
      if (sendmsg(e->fd, &sm, 0) < 0) { perror("send"); exit(1); }
      t1 = now(); if (measured) e->tsend += t1 - t0;
    }
    memset(&m, 0, sizeof m); m.msg_iov = &iv; m.msg_iovlen = 1; m.msg_control = cbuf; m.msg_controllen = sizeof cbuf;
    int n;
    if (mode == 1) {
      struct epoll_event got;
      t0 = now();
      epoll_wait(ep, &got, 1, -1);
      t1 = now(); if (measured) e->twait += t1 - t0;
      t0 = now();
      n = recvmsg(e->fd, &m, MSG_DONTWAIT);
      t1 = now(); if (measured) e->trecv += t1 - t0;
    } else {
      t0 = now();
      n = recvmsg(e->fd, &m, 0);
      t1 = now(); if (measured) e->trecv += t1 - t0;
    }
    if (n <= 0) { perror("recv"); exit(1); }
    if (e->client) {
      if (measured) e->rt += now() - start;
    } else {
      t0 = now();
      if (sendmsg(e->fd, &sm, 0) < 0) { perror("send"); exit(1); }
      t1 = now(); if (measured) e->tsend += t1 - t0;
    }
  }
  getrusage(RUSAGE_THREAD, &ru1);
  e->vcs = ru1.ru_nvcsw - ru0.ru_nvcsw; e->ivcs = ru1.ru_nivcsw - ru0.ru_nivcsw;
  return NULL;
}
int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: syscall_times MODE(0 block, 1 epoll) ROUNDS WARMUP\n"); return 2; }
  mode = atoi(argv[1]); rounds = atoi(argv[2]); warm = atoi(argv[3]);
  long cal0 = now(); for (int i = 0; i < 100000; i++) now(); long cal = (now() - cal0) / 100000;
  int l = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  opts(l);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001)};
  if (bind(l, (void *)&a, sizeof a) || listen(l, 1)) { perror("bind/listen"); return 1; }
  socklen_t al = sizeof a; getsockname(l, (void *)&a, &al);
  int c = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  opts(c);
  if (connect(c, (void *)&a, sizeof a)) { perror("connect"); return 1; }
  int s = accept(l, 0, 0);
  opts(s);
  struct end se = {.fd = s, .client = 0}, ce = {.fd = c, .client = 1};
  pthread_t ts, tc;
  pthread_create(&ts, 0, run, &se);
  pthread_create(&tc, 0, run, &ce);
  pthread_join(tc, 0); pthread_join(ts, 0);
  printf("mode %s: now() %ld ns; per RT us: RT %.1f | client send %.1f recv %.1f wait %.1f | server send %.1f recv %.1f wait %.1f\n",
         mode ? "epoll" : "block", cal, ce.rt / 1e3 / rounds, ce.tsend / 1e3 / rounds, ce.trecv / 1e3 / rounds, ce.twait / 1e3 / rounds,
         se.tsend / 1e3 / rounds, se.trecv / 1e3 / rounds, se.twait / 1e3 / rounds);
  printf("  switches per RT: client voluntary %.3f involuntary %.3f, server voluntary %.3f involuntary %.3f\n",
         (double) ce.vcs / rounds, (double) ce.ivcs / rounds, (double) se.vcs / rounds, (double) se.ivcs / rounds);
  return 0;
}
