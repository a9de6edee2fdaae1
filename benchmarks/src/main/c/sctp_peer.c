/*
 * The C peer of the benchmark suite: the ceiling of what the kernel gives, with no runtime in the way.
 *
 * Plain sendmsg(2) with an SCTP_SNDINFO control message (plus SCTP_PRINFO for a PR-SCTP TTL) and recvmsg(2)
 * with SCTP_RECVRCVINFO, straight from <linux/sctp.h>. libsctp's sctp_sendmsg()/sctp_send() are thin wrappers
 * that build exactly this control message and call sendmsg, so this is the same kernel path without the
 * dependency. The Java side (CLoopPeer) drives it over stdin/stdout, one command per batch, so the pipe costs
 * one round trip per batch of messages, not per message.
 *
 *   sctp_peer throughput SIZE STREAMS UNORDERED TTL_MS [ADDR NETNS]
 *                                                        one association; a thread counts what arrives
 *   sctp_peer batching   SIZE STREAMS UNORDERED TTL_MS [ADDR NETNS]
 *                                                        the same with sendmmsg(2) and recvmmsg(2), up to BATCH
 *                                                        messages per call, each with its own SCTP_SNDINFO, all
 *                                                        but a batch's last with MSG_MORE (so that small messages
 *                                                        bundle into full packets, as reactor-sctp's channel does
 *                                                        for a flush): the physical limit of the system call API
 *   sctp_peer latency    SIZE STREAMS UNORDERED TTL_MS   one association; a thread echoes every message
 *   sctp_peer fanin      SIZE ASSOCIATIONS [RCVBUF]      ASSOCIATIONS one-to-one clients into one one-to-many socket
 *                                                        (SO_RCVBUF of that socket, if given)
 *   sctp_peer clients    SIZE ASSOCIATIONS HOST PORT     only the clients, into another peer's server
 *
 * ADDR NETNS (optional): the server's socket is created inside the network namespace NETNS (a /proc/PID/ns/net
 * file; setns(2) for this one thread, then back) and bound to ADDR; the client stays in ours and connects there,
 * e.g. over a veth pair between the two namespaces. Without them both ends use 127.0.0.1.
 *
 * Commands (one per line): "T n" sends n messages and answers "ok" once all n arrived; "L n" runs n ping-pong
 * round trips and answers with n lines of round-trip nanoseconds, then "ok"; "F n" has every fan-in client send
 * n messages and answers "ok" once all arrived (with "clients": once all are sent); "Q" quits. Errors go to stderr and exit non-zero.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/sctp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_SIZE (64 * 1024)
#define BATCH 64

static int size, streams, unordered, ttl_ms;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t arrived_cond = PTHREAD_COND_INITIALIZER;
static long long arrived;
static const char *server_address, *server_netns;

static void die(const char *what) {
  fprintf(stderr, "sctp_peer: %s: %s\n", what, strerror(errno));
  exit(1);
}

static void set_int(int fd, int level, int name, int value, const char *what) {
  if (setsockopt(fd, level, name, &value, sizeof value) < 0) die(what);
}

static void init_streams(int fd, int count) {
  struct sctp_initmsg init = {.sinit_num_ostreams = count, .sinit_max_instreams = count};
  if (setsockopt(fd, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof init) < 0) die("SCTP_INITMSG");
}

static int sctp_socket(int type) {
  int fd = socket(AF_INET, type, IPPROTO_SCTP);
  if (fd < 0) die("socket");
  init_streams(fd, streams > 0 ? streams : 1);
  set_int(fd, IPPROTO_SCTP, SCTP_NODELAY, 1, "SCTP_NODELAY");
  set_int(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1, "SCTP_RECVRCVINFO");
  return fd;
}

static struct sockaddr_in listen_on(int fd) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (server_address && inet_pton(AF_INET, server_address, &a.sin_addr) != 1) {
    fprintf(stderr, "sctp_peer: bad ADDR %s\n", server_address);
    exit(2);
  }
  socklen_t len = sizeof a;
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
  if (listen(fd, 4096) < 0) die("listen");
  if (getsockname(fd, (struct sockaddr *)&a, &len) < 0) die("getsockname");
  return a;
}

/* One reusable msghdr with SCTP_SNDINFO and, with a TTL, SCTP_PRINFO: what sctp_sendmsg builds per call. */
struct sender {
  struct msghdr msg;
  struct iovec iov;
  union {
    char buf[CMSG_SPACE(sizeof(struct sctp_sndinfo)) + CMSG_SPACE(sizeof(struct sctp_prinfo))];
    struct cmsghdr align;
  } control;
  struct sctp_sndinfo *info;
};

static void sender_init(struct sender *s, void *payload, int length) {
  memset(s, 0, sizeof *s);
  s->iov.iov_base = payload;
  s->iov.iov_len = length;
  s->msg.msg_iov = &s->iov;
  s->msg.msg_iovlen = 1;
  s->msg.msg_control = s->control.buf;
  s->msg.msg_controllen = CMSG_SPACE(sizeof(struct sctp_sndinfo)) +
                          (ttl_ms > 0 ? CMSG_SPACE(sizeof(struct sctp_prinfo)) : 0);
  struct cmsghdr *c = CMSG_FIRSTHDR(&s->msg);
  c->cmsg_level = IPPROTO_SCTP;
  c->cmsg_type = SCTP_SNDINFO;
  c->cmsg_len = CMSG_LEN(sizeof(struct sctp_sndinfo));
  s->info = (struct sctp_sndinfo *)CMSG_DATA(c);
  s->info->snd_flags = unordered ? SCTP_UNORDERED : 0;
  s->info->snd_ppid = htonl(46);
  if (ttl_ms > 0) {
    c = CMSG_NXTHDR(&s->msg, c);
    c->cmsg_level = IPPROTO_SCTP;
    c->cmsg_type = SCTP_PRINFO;
    c->cmsg_len = CMSG_LEN(sizeof(struct sctp_prinfo));
    struct sctp_prinfo *pr = (struct sctp_prinfo *)CMSG_DATA(c);
    pr->pr_policy = SCTP_PR_SCTP_TTL;
    pr->pr_value = ttl_ms;
  }
}

static void send_one(int fd, struct sender *s, int stream) {
  s->info->snd_sid = stream;
  while (sendmsg(fd, &s->msg, 0) < 0) {
    if (errno != EINTR) die("sendmsg");
  }
}

/* Receives one whole message (all pieces up to MSG_EOR); returns its stream and length. */
static int receive_one(int fd, char *buf, int *stream) {
  union {
    char buf[CMSG_SPACE(sizeof(struct sctp_rcvinfo))];
    struct cmsghdr align;
  } control;
  int total = 0;
  for (;;) {
    struct iovec iov = {.iov_base = buf, .iov_len = MAX_SIZE};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                         .msg_controllen = sizeof control.buf};
    ssize_t n = recvmsg(fd, &msg, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("recvmsg");
    }
    if (n == 0) return -1;
    if (msg.msg_flags & MSG_NOTIFICATION) continue;
    total += n;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (c && c->cmsg_level == IPPROTO_SCTP && c->cmsg_type == SCTP_RCVINFO && stream)
      *stream = ((struct sctp_rcvinfo *)CMSG_DATA(c))->rcv_sid;
    if (msg.msg_flags & MSG_EOR) return total;
  }
}

/* The receiver takes the lock only when the sender's target is reached: never a lock per message. */
static volatile long long target_arrivals;

/* Called by the sender before it sends the batch that reaches target. */
static void expect_arrivals(long long target) { target_arrivals = target; }

static void await_arrivals(long long target) {
  pthread_mutex_lock(&lock);
  while (__atomic_load_n(&arrived, __ATOMIC_ACQUIRE) < target) pthread_cond_wait(&arrived_cond, &lock);
  pthread_mutex_unlock(&lock);
}

static void *count_messages(void *arg) {
  int fd = *(int *)arg;
  static char buf[MAX_SIZE];
  for (;;) {
    if (receive_one(fd, buf, NULL) < 0) return NULL;
    if (__atomic_add_fetch(&arrived, 1, __ATOMIC_RELEASE) >= target_arrivals) {
      pthread_mutex_lock(&lock);
      pthread_cond_signal(&arrived_cond);
      pthread_mutex_unlock(&lock);
    }
  }
}

/* recvmmsg(2): up to BATCH messages per call, blocking for the first only (MSG_WAITFORONE). */
static void *count_messages_batched(void *arg) {
  int fd = *(int *)arg;
  static char bufs[BATCH][MAX_SIZE];
  static union {
    char buf[CMSG_SPACE(sizeof(struct sctp_rcvinfo))];
    struct cmsghdr align;
  } controls[BATCH];
  static struct iovec iovs[BATCH];
  static struct mmsghdr msgs[BATCH];
  for (;;) {
    for (int i = 0; i < BATCH; i++) {
      iovs[i] = (struct iovec){.iov_base = bufs[i], .iov_len = MAX_SIZE};
      msgs[i].msg_hdr = (struct msghdr){.msg_iov = &iovs[i], .msg_iovlen = 1,
                                        .msg_control = controls[i].buf, .msg_controllen = sizeof controls[i].buf};
    }
    int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("recvmmsg");
    }
    if (n == 0 || msgs[0].msg_len == 0) return NULL;
    long long whole = 0;
    for (int i = 0; i < n; i++)
      if (!(msgs[i].msg_hdr.msg_flags & MSG_NOTIFICATION) && (msgs[i].msg_hdr.msg_flags & MSG_EOR)) whole++;
    if (__atomic_add_fetch(&arrived, whole, __ATOMIC_RELEASE) >= target_arrivals) {
      pthread_mutex_lock(&lock);
      pthread_cond_signal(&arrived_cond);
      pthread_mutex_unlock(&lock);
    }
  }
}

/*
 * sendmmsg(2): `count` messages from `first` on, up to BATCH per call, each with its own SCTP_SNDINFO. sendmmsg's
 * flags hold for every message of a call, so a batch goes in two calls: all but the last with MSG_MORE (Linux
 * holds them to fill packets), then the last without, which sends what is held.
 */
static void send_batched(int fd, void *payload, long long first, long long count) {
  static struct sender senders[BATCH];
  static struct mmsghdr msgs[BATCH];
  static int ready;
  if (!ready) {
    for (int i = 0; i < BATCH; i++) sender_init(&senders[i], payload, size);
    ready = 1;
  }
  while (count > 0) {
    int n = count < BATCH ? (int)count : BATCH;
    for (int i = 0; i < n; i++) {
      senders[i].info->snd_sid = (int)((first + i) % streams);
      msgs[i].msg_hdr = senders[i].msg;
    }
    int done = 0;
    while (done < n) {
      int k = done < n - 1 ? sendmmsg(fd, msgs + done, n - 1 - done, MSG_MORE) : sendmmsg(fd, msgs + done, 1, 0);
      if (k < 0) {
        if (errno == EINTR) continue;
        die("sendmmsg");
      }
      done += k;
    }
    first += n;
    count -= n;
  }
}

static void *echo_messages(void *arg) {
  int fd = *(int *)arg;
  static char buf[MAX_SIZE];
  struct sender s;
  sender_init(&s, buf, 0);
  for (;;) {
    int stream = 0;
    int n = receive_one(fd, buf, &stream);
    if (n < 0) return NULL;
    s.iov.iov_len = n;
    send_one(fd, &s, stream);
  }
}

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Enters the network namespace in file `path` for this thread; returns a descriptor of the one it left. */
static int enter_netns(const char *path) {
  int ours = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  int theirs = open(path, O_RDONLY | O_CLOEXEC);
  if (ours < 0 || theirs < 0) die("open a network namespace");
  if (setns(theirs, CLONE_NEWNET) < 0) die("setns");
  close(theirs);
  return ours;
}

static int one_association(int *accepted) {
  int ours = server_netns ? enter_netns(server_netns) : -1;
  int listener = sctp_socket(SOCK_STREAM);
  struct sockaddr_in a = listen_on(listener);
  if (ours >= 0) {
    if (setns(ours, CLONE_NEWNET) < 0) die("setns back");
    close(ours);
  }
  int client = sctp_socket(SOCK_STREAM);
  if (connect(client, (struct sockaddr *)&a, sizeof a) < 0) die("connect");
  *accepted = accept(listener, NULL, NULL);
  if (*accepted < 0) die("accept");
  set_int(*accepted, IPPROTO_SCTP, SCTP_NODELAY, 1, "SCTP_NODELAY");
  set_int(*accepted, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1, "SCTP_RECVRCVINFO");
  close(listener);
  return client;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: sctp_peer throughput|batching|latency SIZE STREAMS UNORDERED TTL_MS [ADDR NETNS] | fanin SIZE ASSOCIATIONS\n");
    return 2;
  }
  setvbuf(stdout, NULL, _IOFBF, 1 << 16);
  const char *mode = argv[1];
  size = atoi(argv[2]);
  if (size <= 0 || size > MAX_SIZE) { fprintf(stderr, "sctp_peer: SIZE must be 1..%d\n", MAX_SIZE); return 2; }
  static char payload[MAX_SIZE];
  static char reply[MAX_SIZE];
  struct sender s;
  char line[64];
  pthread_t thread;

  int fanin = strcmp(mode, "fanin") == 0, clients_only = strcmp(mode, "clients") == 0;
  if (fanin || clients_only) {
    int associations = atoi(argv[3]);
    streams = 1;
    struct rlimit files;
    /* Each association is a descriptor: take the hard limit, as a server for many peers would. */
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) { files.rlim_cur = files.rlim_max; setrlimit(RLIMIT_NOFILE, &files); }
    int server = -1;
    struct sockaddr_in a = {.sin_family = AF_INET};
    if (fanin) {
      server = sctp_socket(SOCK_SEQPACKET);
      if (argc > 4) set_int(server, SOL_SOCKET, SO_RCVBUF, atoi(argv[4]), "SO_RCVBUF");
      a = listen_on(server);
    } else {
      if (argc < 6) { fprintf(stderr, "sctp_peer: clients needs SIZE ASSOCIATIONS HOST PORT\n"); return 2; }
      if (inet_pton(AF_INET, argv[4], &a.sin_addr) != 1) { fprintf(stderr, "sctp_peer: bad HOST %s\n", argv[4]); return 2; }
      a.sin_port = htons(atoi(argv[5]));
    }
    int *clients = calloc(associations, sizeof(int));
    for (int i = 0; i < associations; i++) {
      clients[i] = sctp_socket(SOCK_STREAM);
      if (connect(clients[i], (struct sockaddr *)&a, sizeof a) < 0) die("connect");
    }
    if (fanin && pthread_create(&thread, NULL, count_messages, &server)) die("pthread_create");
    sender_init(&s, payload, size);
    printf("ready\n"); fflush(stdout);
    long long target = 0;
    while (fgets(line, sizeof line, stdin)) {
      if (line[0] == 'Q') break;
      long long n = atoll(line + 2);
      if (fanin) expect_arrivals(target + n * associations);
      for (long long k = 0; k < n; k++)
        for (int i = 0; i < associations; i++) send_one(clients[i], &s, 0);
      target += n * associations;
      if (fanin) await_arrivals(target);
      printf("ok\n"); fflush(stdout);
    }
    return 0;
  }

  if (argc < 6) { fprintf(stderr, "sctp_peer: %s needs SIZE STREAMS UNORDERED TTL_MS\n", mode); return 2; }
  streams = atoi(argv[3]);
  unordered = atoi(argv[4]);
  ttl_ms = atoi(argv[5]);
  if (argc >= 8) {
    server_address = argv[6];
    server_netns = argv[7];
  }
  int accepted;
  int client = one_association(&accepted);
  int latency = strcmp(mode, "latency") == 0, batching = strcmp(mode, "batching") == 0;
  void *(*receiver)(void *) = latency ? echo_messages : batching ? count_messages_batched : count_messages;
  if (pthread_create(&thread, NULL, receiver, &accepted)) die("pthread_create");
  sender_init(&s, payload, size);
  printf("ready\n"); fflush(stdout);
  long long target = 0, sent = 0;
  while (fgets(line, sizeof line, stdin)) {
    if (line[0] == 'Q') break;
    long long n = atoll(line + 2);
    if (line[0] == 'T') {
      expect_arrivals(target + n);
      if (batching) {
        send_batched(client, payload, sent, n);
        sent += n;
      } else {
        for (long long k = 0; k < n; k++, sent++) send_one(client, &s, (int)(sent % streams));
      }
      target += n;
      await_arrivals(target);
    } else if (line[0] == 'L') {
      for (long long k = 0; k < n; k++, sent++) {
        long long start = now_ns();
        send_one(client, &s, (int)(sent % streams));
        if (receive_one(client, reply, NULL) < 0) { fprintf(stderr, "sctp_peer: echo closed\n"); return 1; }
        printf("%lld\n", now_ns() - start);
      }
    }
    printf("ok\n"); fflush(stdout);
  }
  return 0;
}
