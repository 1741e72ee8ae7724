/*
 * Bench calibration: the least a relay can cost a round trip on this machine. A TCP-to-TCP relay in C
 * with one epoll loop: no WebSocket framing, no unmasking, no runtime, one read and one write per
 * chunk. Arguments: upstream ports on 127.0.0.1; prints one listening port per upstream, in order, on
 * one line. Blocking writes are fine here: the bench's round trips move a few dozen bytes.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FDS 65536
#define MAX_UPSTREAMS 16

static int peer[MAX_FDS];
static int upstream_of[MAX_FDS];
static int is_listener[MAX_FDS];
static char buffer[256 * 1024];

static struct sockaddr_in loopback(int port) {
  struct sockaddr_in address = {0};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

static void watch(int epoll, int fd) {
  struct epoll_event event = {.events = EPOLLIN, .data.fd = fd};
  epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
}

int main(int argc, char **argv) {
  int one = 1;
  /* Never outlive the bench child that started it. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  int epoll = epoll_create1(0);
  for (int i = 1; i < argc && i <= MAX_UPSTREAMS; i++) {
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    if (bind(listener, (struct sockaddr *)&address, length) != 0 || listen(listener, 128) != 0) return 1;
    getsockname(listener, (struct sockaddr *)&address, &length);
    printf(i == 1 ? "%d" : " %d", ntohs(address.sin_port));
    is_listener[listener] = 1;
    upstream_of[listener] = atoi(argv[i]);
    watch(epoll, listener);
  }
  printf("\n");
  fflush(stdout);
  for (;;) {
    struct epoll_event events[64];
    int ready = epoll_wait(epoll, events, 64, -1);
    for (int i = 0; i < ready; i++) {
      int fd = events[i].data.fd;
      if (is_listener[fd]) {
        int client = accept(fd, NULL, NULL);
        int upstream = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in address = loopback(upstream_of[fd]);
        if (client < 0 || client >= MAX_FDS || upstream < 0 || upstream >= MAX_FDS ||
            connect(upstream, (struct sockaddr *)&address, sizeof address) != 0) {
          close(client);
          close(upstream);
          continue;
        }
        setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        setsockopt(upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        peer[client] = upstream;
        peer[upstream] = client;
        watch(epoll, client);
        watch(epoll, upstream);
        continue;
      }
      ssize_t got = read(fd, buffer, sizeof buffer);
      if (got <= 0) {
        close(peer[fd]);
        close(fd);
        continue;
      }
      for (ssize_t sent = 0; sent < got;) {
        ssize_t wrote = write(peer[fd], buffer + sent, got - sent);
        if (wrote <= 0) break;
        sent += wrote;
      }
    }
  }
}
