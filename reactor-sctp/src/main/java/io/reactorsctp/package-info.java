/**
 * The bottom of reactor-sctp, shared by every layer and by applications: {@link
 * io.reactorsctp.SctpNativeException}, how a failed system call looks wherever it surfaces (thrown
 * by the native bindings, passed through or raised by the channels, classified by the reactive API
 * and the metrics, caught by applications), and {@link io.reactorsctp.Errno}, the numbers it
 * carries. This package imports nothing else of the library, so every package may use it.
 */
package io.reactorsctp;
