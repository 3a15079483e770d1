//! How connections come in: plain TCP, or TLS over it with the certificate and key
//! `--tls-cert` and `--tls-key` name (rustls, its ring provider); and the client's
//! address that each connection carries to the handlers.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, bail};
use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

use crate::diag::{Text, TextContext};

/// How long a client may take over the TLS handshake.
const HANDSHAKE: Duration = Duration::from_secs(10);

/// How many finished handshakes wait for the server to take them.
const WAITING: usize = 64;

/// The address of the client at the other end of a connection.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Peer(pub(crate) SocketAddr);

impl Connected<IncomingStream<'_, TcpListener>> for Peer {
    fn connect_info(stream: IncomingStream<'_, TcpListener>) -> Self {
        Peer(*stream.remote_addr())
    }
}

impl Connected<IncomingStream<'_, TlsListener>> for Peer {
    fn connect_info(stream: IncomingStream<'_, TlsListener>) -> Self {
        Peer(*stream.remote_addr())
    }
}

/// The TLS settings for the certificate chain in `cert` and the private key in `key`,
/// both PEM: TLS 1.2 and 1.3, HTTP/1.1.
pub(crate) fn tls_config(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<_, _>>())
        .text_context(|| {
            Text::new("tls-certificate-unreadable").arg("path", cert.display().to_string())
        })?;
    if chain.is_empty() {
        bail!(Text::new("tls-no-certificate").arg("path", cert.display().to_string()));
    }
    let private = PrivateKeyDer::from_pem_file(key)
        .text_context(|| Text::new("tls-key-unreadable").arg("path", key.display().to_string()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .text_context(|| Text::new("tls-no-protocol"))?
        .with_no_client_auth()
        .with_single_cert(chain, private)
        .text_context(|| {
            Text::new("tls-key-mismatch")
                .arg("key", key.display().to_string())
                .arg("certificate", cert.display().to_string())
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Connections over TLS: each handshake on a task of its own (a slow client holds up
/// nobody else), the finished ones handed to the server.
pub(crate) struct TlsListener {
    finished: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    /// Accepts on `tcp` with `config`. Call it inside the server's runtime.
    pub(crate) fn new(tcp: TcpListener, config: Arc<ServerConfig>) -> std::io::Result<Self> {
        let local = tcp.local_addr()?;
        let acceptor = TlsAcceptor::from(config);
        let (sender, finished) = mpsc::channel(WAITING);
        tokio::spawn(async move {
            loop {
                let (stream, addr) = match tcp.accept().await {
                    Ok(accepted) => accepted,
                    Err(_) => {
                        // Out of file descriptors, say: wait, then go on.
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let (handshake, handed) = (acceptor.clone(), sender.clone());
                tokio::spawn(async move {
                    if let Ok(Ok(stream)) =
                        tokio::time::timeout(HANDSHAKE, handshake.accept(stream)).await
                    {
                        let _ = handed.send((stream, addr)).await;
                    }
                });
                if sender.is_closed() {
                    return;
                }
            }
        });
        Ok(Self { finished, local })
    }
}

impl Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.finished.recv().await {
            Some(connection) => connection,
            // The accepting task ended with the runtime: nothing more comes.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}
