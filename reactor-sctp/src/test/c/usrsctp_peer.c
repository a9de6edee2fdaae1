/*
 * An SCTP over UDP (RFC 6951) peer on usrsctp, a user-space SCTP stack independent of Linux's,
 * with the extensions usrsctp's example programs leave off: stream reconfiguration (RFC 6525),
 * I-DATA (RFC 8260) and SCTP-AUTH (RFC 4895). The interop tests (io.reactorsctp.interop) compile
 * it against Debian's libusrsctp-dev and drive it line by line.
 *
 * usage: usrsctp_peer LOCAL_UDP REMOTE_UDP SCTP_PORT [reconfig] [interleave] [auth=HEXKEY]
 *   listens one-to-many on 127.0.0.1:SCTP_PORT over UDP LOCAL_UDP, sending to UDP REMOTE_UDP.
 * stdin, one command a line:
 *   send SID PPID LEN      a message of LEN pattern bytes (byte i is 'a' + i % 26)
 *   reset-out SID...       an Outgoing SSN Reset Request for those streams
 *   add IN OUT             an Add Incoming/Outgoing Streams Request
 *   quit
 * stdout, one event a line:
 *   listening | up in=N out=N | recv sid=N ssn=N ppid=N len=N pattern=ok|bad
 *   stream-reset flags=N streams=A,B | stream-change flags=N in=N out=N
 *   assoc-reset flags=N | auth indication=N key=N | assoc state=N | done CMD | error CMD ERRNO
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <usrsctp.h>

/* Not in usrsctp.h: usrsctplib/netinet/sctp.h's value. */
#define PEER_INTERLEAVING_SUPPORTED 0x00001206
#define MAX_STREAMS 65536

static struct socket *sock;
static sctp_assoc_t assoc;
/* Bytes of the message being reassembled on each stream, and whether they follow the pattern. */
static size_t partial[MAX_STREAMS];
static int partial_bad[MAX_STREAMS];

static char pattern(size_t i) { return (char)('a' + i % 26); }

static void set(int option, const void *value, socklen_t size, const char *name) {
  if (usrsctp_setsockopt(sock, IPPROTO_SCTP, option, value, size) < 0) {
    printf("error setsockopt %s %d\n", name, errno);
    exit(2);
  }
}

static void set_value(int option, uint32_t value, const char *name) {
  struct sctp_assoc_value av = {.assoc_id = SCTP_FUTURE_ASSOC, .assoc_value = value};
  set(option, &av, sizeof(av), name);
}

static void subscribe(void) {
  uint16_t types[] = {SCTP_ASSOC_CHANGE, SCTP_STREAM_RESET_EVENT, SCTP_STREAM_CHANGE_EVENT,
                      SCTP_ASSOC_RESET_EVENT, SCTP_AUTHENTICATION_EVENT};
  for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
    struct sctp_event e = {.se_assoc_id = SCTP_FUTURE_ASSOC, .se_type = types[i], .se_on = 1};
    set(SCTP_EVENT, &e, sizeof(e), "SCTP_EVENT");
  }
}

static void auth_key(const char *hex) {
  size_t n = strlen(hex) / 2;
  struct sctp_authkey *key = calloc(1, sizeof(*key) + n);
  for (size_t i = 0; i < n; i++) {
    sscanf(hex + 2 * i, "%2hhx", &key->sca_key[i]);
  }
  key->sca_assoc_id = SCTP_FUTURE_ASSOC;
  key->sca_keynumber = 1;
  key->sca_keylength = (uint16_t)n;
  set(SCTP_AUTH_KEY, key, (socklen_t)(sizeof(*key) + n), "SCTP_AUTH_KEY");
  free(key);
  struct sctp_authkeyid active = {.scact_assoc_id = SCTP_FUTURE_ASSOC, .scact_keynumber = 1};
  set(SCTP_AUTH_ACTIVE_KEY, &active, sizeof(active), "SCTP_AUTH_ACTIVE_KEY");
  uint8_t chunks[] = {0 /* DATA */, 64 /* I-DATA */};
  for (size_t i = 0; i < sizeof(chunks); i++) {
    struct sctp_authchunk c = {.sauth_chunk = chunks[i]};
    set(SCTP_AUTH_CHUNK, &c, sizeof(c), "SCTP_AUTH_CHUNK");
  }
}

static void notification(const union sctp_notification *n) {
  switch (n->sn_header.sn_type) {
  case SCTP_ASSOC_CHANGE:
    assoc = n->sn_assoc_change.sac_assoc_id;
    if (n->sn_assoc_change.sac_state == SCTP_COMM_UP) {
      printf("up in=%u out=%u\n", n->sn_assoc_change.sac_inbound_streams,
             n->sn_assoc_change.sac_outbound_streams);
    } else {
      printf("assoc state=%u\n", n->sn_assoc_change.sac_state);
    }
    break;
  case SCTP_STREAM_RESET_EVENT: {
    const struct sctp_stream_reset_event *e = &n->sn_strreset_event;
    size_t count = (e->strreset_length - sizeof(*e)) / sizeof(uint16_t);
    printf("stream-reset flags=%u streams=", e->strreset_flags);
    for (size_t i = 0; i < count; i++) {
      printf(i ? ",%u" : "%u", e->strreset_stream_list[i]);
    }
    printf("\n");
    break;
  }
  case SCTP_STREAM_CHANGE_EVENT:
    printf("stream-change flags=%u in=%u out=%u\n", n->sn_strchange_event.strchange_flags,
           n->sn_strchange_event.strchange_instrms, n->sn_strchange_event.strchange_outstrms);
    break;
  case SCTP_ASSOC_RESET_EVENT:
    printf("assoc-reset flags=%u\n", n->sn_assocreset_event.assocreset_flags);
    break;
  case SCTP_AUTHENTICATION_EVENT:
    printf("auth indication=%u key=%u\n", n->sn_auth_event.auth_indication,
           n->sn_auth_event.auth_keynumber);
    break;
  default:
    printf("notification type=%u\n", n->sn_header.sn_type);
  }
}

/* A piece of a message (I-DATA interleaves pieces of different streams): checked, then counted. */
static void data(const char *buf, size_t n, const struct sctp_rcvinfo *info, int eor) {
  uint16_t sid = info->rcv_sid;
  for (size_t i = 0; i < n; i++) {
    partial_bad[sid] |= buf[i] != pattern(partial[sid] + i);
  }
  partial[sid] += n;
  assoc = info->rcv_assoc_id;
  if (eor) {
    printf("recv sid=%u ssn=%u ppid=%u len=%zu pattern=%s\n", sid, info->rcv_ssn,
           ntohl(info->rcv_ppid), partial[sid], partial_bad[sid] ? "bad" : "ok");
    partial[sid] = 0;
    partial_bad[sid] = 0;
  }
}

static void send_message(uint16_t sid, uint32_t ppid, size_t len) {
  char *buf = malloc(len);
  for (size_t i = 0; i < len; i++) {
    buf[i] = pattern(i);
  }
  struct sctp_sndinfo info = {.snd_sid = sid, .snd_ppid = htonl(ppid), .snd_assoc_id = assoc};
  if (usrsctp_sendv(sock, buf, len, NULL, 0, &info, sizeof(info), SCTP_SENDV_SNDINFO, 0) < 0) {
    printf("error send %d\n", errno);
  } else {
    printf("done send\n");
  }
  free(buf);
}

static void command(char *line) {
  char *cmd = strtok(line, " \n");
  if (cmd == NULL) {
    return;
  }
  int ok = 0;
  if (strcmp(cmd, "send") == 0) {
    unsigned sid = atoi(strtok(NULL, " \n")), ppid = atoi(strtok(NULL, " \n"));
    send_message((uint16_t)sid, ppid, (size_t)atol(strtok(NULL, " \n")));
    return;
  } else if (strcmp(cmd, "reset-out") == 0) {
    struct sctp_reset_streams *r = calloc(1, sizeof(*r) + MAX_STREAMS * sizeof(uint16_t));
    for (char *s; (s = strtok(NULL, " \n")) != NULL;) {
      r->srs_stream_list[r->srs_number_streams++] = (uint16_t)atoi(s);
    }
    r->srs_assoc_id = assoc;
    r->srs_flags = SCTP_STREAM_RESET_OUTGOING;
    ok = usrsctp_setsockopt(sock, IPPROTO_SCTP, SCTP_RESET_STREAMS, r,
                            sizeof(*r) + r->srs_number_streams * sizeof(uint16_t)) == 0;
    free(r);
  } else if (strcmp(cmd, "add") == 0) {
    struct sctp_add_streams a = {.sas_assoc_id = assoc};
    a.sas_instrms = (uint16_t)atoi(strtok(NULL, " \n"));
    a.sas_outstrms = (uint16_t)atoi(strtok(NULL, " \n"));
    ok = usrsctp_setsockopt(sock, IPPROTO_SCTP, SCTP_ADD_STREAMS, &a, sizeof(a)) == 0;
  } else if (strcmp(cmd, "quit") == 0) {
    exit(0);
  } else {
    errno = EINVAL;
  }
  if (ok) {
    printf("done %s\n", cmd);
  } else {
    printf("error %s %d\n", cmd, errno);
  }
}

static void *commands(void *unused) {
  (void)unused;
  char line[1024];
  while (fgets(line, sizeof(line), stdin) != NULL) {
    command(line);
  }
  exit(0); /* stdin closed: the test is over */
}

int main(int argc, char *argv[]) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s LOCAL_UDP REMOTE_UDP SCTP_PORT [reconfig] [interleave] "
                    "[auth=HEXKEY]\n", argv[0]);
    return 1;
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  usrsctp_init((uint16_t)atoi(argv[1]), NULL, NULL);
  usrsctp_sysctl_set_sctp_blackhole(2);
  usrsctp_sysctl_set_sctp_no_csum_on_loopback(0);
  sock = usrsctp_socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP, NULL, NULL, 0, NULL);
  if (sock == NULL) {
    printf("error usrsctp_socket %d\n", errno);
    return 2;
  }
  struct sctp_udpencaps encaps = {.sue_port = htons((uint16_t)atoi(argv[2]))};
  encaps.sue_address.ss_family = AF_INET;
  set(SCTP_REMOTE_UDP_ENCAPS_PORT, &encaps, sizeof(encaps), "SCTP_REMOTE_UDP_ENCAPS_PORT");
  const int on = 1;
  set(SCTP_RECVRCVINFO, &on, sizeof(on), "SCTP_RECVRCVINFO");
  subscribe();
  for (int i = 4; i < argc; i++) {
    if (strcmp(argv[i], "reconfig") == 0) {
      set_value(SCTP_ENABLE_STREAM_RESET,
                SCTP_ENABLE_RESET_STREAM_REQ | SCTP_ENABLE_RESET_ASSOC_REQ |
                    SCTP_ENABLE_CHANGE_ASSOC_REQ,
                "SCTP_ENABLE_STREAM_RESET");
    } else if (strcmp(argv[i], "interleave") == 0) {
      const int level = 2; /* pieces of messages of different streams may interleave */
      set(SCTP_FRAGMENT_INTERLEAVE, &level, sizeof(level), "SCTP_FRAGMENT_INTERLEAVE");
      set_value(PEER_INTERLEAVING_SUPPORTED, 1, "SCTP_INTERLEAVING_SUPPORTED");
    } else if (strncmp(argv[i], "auth=", 5) == 0) {
      auth_key(argv[i] + 5);
    } else {
      printf("error argument %s\n", argv[i]);
      return 1;
    }
  }
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[3]))};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (usrsctp_bind(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
      usrsctp_listen(sock, 1) < 0) {
    printf("error listen %d\n", errno);
    return 2;
  }
  pthread_t reader;
  pthread_create(&reader, NULL, commands, NULL);
  printf("listening\n");
  static char buf[1 << 16];
  for (;;) {
    struct sctp_rcvinfo info;
    socklen_t infolen = sizeof(info), fromlen = sizeof(addr);
    unsigned int infotype = 0;
    int flags = 0;
    ssize_t n = usrsctp_recvv(sock, buf, sizeof(buf), (struct sockaddr *)&addr, &fromlen, &info,
                              &infolen, &infotype, &flags);
    if (n <= 0) {
      printf("error recv %d\n", errno);
      return 3;
    }
    if (flags & MSG_NOTIFICATION) {
      notification((const union sctp_notification *)buf);
    } else {
      data(buf, (size_t)n, &info, flags & MSG_EOR);
    }
  }
}
