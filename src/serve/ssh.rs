//! The SSH side of a seminar (russh): authentication by role, one interactive session per
//! connection, its pty size and resizes, its input handed to the seminar, and a writer task
//! per client that sends its frames as fast as the client takes them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::keys::PublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg as SshMsg, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet};

use super::roles::{Credentials, Role};
use super::seminar::{ClientId, Out, OUT_QUEUE};

/// What the SSH layer tells the seminar's thread.
pub enum ToSeminar {
    Join { id: ClientId, role: Role, size: (u16, u16), term: String, out: super::seminar::Outbox },
    Input { id: ClientId, bytes: Vec<u8> },
    Resize { id: ClientId, w: u16, h: u16 },
    Leave { id: ClientId },
}

/// The most input bytes taken from one packet (a terminal sends a few per key).
const MAX_INPUT: usize = 4096;

/// Time from a day's resolution until each client's first frame after it went out, per day.
#[derive(Default)]
pub struct Redraws {
    pub latencies: Vec<(u32, Duration)>,
}

/// The server: hands every connection its handler.
#[derive(Clone)]
pub struct Server {
    pub tx: std::sync::mpsc::Sender<ToSeminar>,
    pub creds: Arc<Credentials>,
    pub next: Arc<AtomicU64>,
    pub redraws: Arc<Mutex<Redraws>>,
}

impl russh::server::Server for Server {
    type Handler = Conn;
    fn new_client(&mut self, _: Option<std::net::SocketAddr>) -> Conn {
        Conn {
            id: self.next.fetch_add(1, Ordering::Relaxed),
            server: self.clone(),
            role: None,
            channel: None,
            size: (80, 24),
            term: String::new(),
            joined: false,
        }
    }
}

/// One connection.
pub struct Conn {
    id: ClientId,
    server: Server,
    /// The role it authenticated for: the only one it can ever act as.
    role: Option<Role>,
    channel: Option<ChannelId>,
    size: (u16, u16),
    term: String,
    joined: bool,
}

impl Conn {
    fn send(&self, m: ToSeminar) {
        let _ = self.server.tx.send(m);
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        if self.joined {
            self.send(ToSeminar::Leave { id: self.id });
        }
    }
}

fn size(w: u32, h: u32) -> (u16, u16) {
    (w.clamp(1, 1000) as u16, h.clamp(1, 1000) as u16)
}

impl Handler for Conn {
    type Error = russh::Error;

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        match Role::of_user(user) {
            Some(r) if self.server.creds.passphrase_opens(r, password) => {
                self.role = Some(r);
                Ok(Auth::Accept)
            }
            _ => Ok(Auth::reject()),
        }
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        let ok = Role::of_user(user).is_some_and(|r| self.server.creds.key_opens(r, offer.public_key));
        Ok(if ok { Auth::Accept } else { Auth::reject() })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let key: &PublicKey = key.public_key;
        match Role::of_user(user) {
            Some(r) if self.server.creds.key_opens(r, key) => {
                self.role = Some(r);
                Ok(Auth::Accept)
            }
            _ => Ok(Auth::reject()),
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<SshMsg>,
        reply: ChannelOpenHandle,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        // One interactive session per connection.
        if self.channel.is_some() || self.role.is_none() {
            reply.reject(russh::ChannelOpenFailure::AdministrativelyProhibited).await;
            return Ok(());
        }
        self.channel = Some(channel.id());
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        w: u32,
        h: u32,
        _: u32,
        _: u32,
        _: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.size = size(w, h);
        self.term = term.chars().take(64).collect();
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        let (Some(role), Some(ch), false) = (self.role, self.channel, self.joined) else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        if ch != channel {
            session.channel_failure(channel)?;
            return Ok(());
        }
        session.channel_success(channel)?;
        let (out, mut rx) = tokio::sync::mpsc::channel::<Out>(OUT_QUEUE);
        let handle = session.handle();
        let redraws = self.server.redraws.clone();
        tokio::spawn(async move {
            while let Some(o) = rx.recv().await {
                match o {
                    Out::Frame(f) => {
                        if handle.data(ch, f.bytes).await.is_err() {
                            break;
                        }
                        if let Some((day, at)) = f.resolved {
                            if let Ok(mut r) = redraws.lock() {
                                r.latencies.push((day, at.elapsed()));
                            }
                        }
                    }
                    Out::Close => {
                        let _ = handle.exit_status_request(ch, 0).await;
                        let _ = handle.eof(ch).await;
                        let _ = handle.close(ch).await;
                        break;
                    }
                }
            }
        });
        self.joined = true;
        self.send(ToSeminar::Join { id: self.id, role, size: self.size, term: self.term.clone(), out });
        Ok(())
    }

    /// A seminar runs no commands: `ssh ru@host anything` is refused.
    async fn exec_request(&mut self, channel: ChannelId, _: &[u8], session: &mut Session) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn data(&mut self, channel: ChannelId, data: &[u8], _: &mut Session) -> Result<(), Self::Error> {
        if self.joined && Some(channel) == self.channel {
            let bytes = data[..data.len().min(MAX_INPUT)].to_vec();
            self.send(ToSeminar::Input { id: self.id, bytes });
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        w: u32,
        h: u32,
        _: u32,
        _: u32,
        _: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) == self.channel {
            self.size = size(w, h);
            if self.joined {
                self.send(ToSeminar::Resize { id: self.id, w: self.size.0, h: self.size.1 });
            }
        }
        Ok(())
    }

    async fn channel_eof(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        self.channel_close(channel, session).await
    }

    async fn channel_close(&mut self, channel: ChannelId, _: &mut Session) -> Result<(), Self::Error> {
        if Some(channel) == self.channel && self.joined {
            self.joined = false;
            self.send(ToSeminar::Leave { id: self.id });
        }
        Ok(())
    }
}

/// The authentication methods offered: passphrases, or public keys with `--keys`.
pub fn methods(creds: &Credentials) -> MethodSet {
    match creds {
        Credentials::Passphrases(_) => MethodSet::from(&[MethodKind::Password][..]),
        Credentials::Keys(_) => MethodSet::from(&[MethodKind::PublicKey][..]),
    }
}
