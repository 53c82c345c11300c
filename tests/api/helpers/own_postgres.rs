//! A PostgreSQL server of one test's own, in a temporary folder on a free
//! port, that the test may stop, start and restart as an operator would,
//! without touching the server the rest of the suite shares.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = "/usr/lib/postgresql/15/bin";

pub struct OwnPostgres {
    folder: tempfile::TempDir,
    port: u16,
}

impl OwnPostgres {
    /// Creates and starts the server; the reason why not where the
    /// PostgreSQL programs are not installed.
    pub fn start() -> Result<OwnPostgres, String> {
        if !Path::new(BIN).join("initdb").exists() {
            return Err(format!("no initdb in {BIN}"));
        }
        let folder = tempfile::tempdir().expect("temporary folder");
        let server = OwnPostgres {
            port: free_port(),
            folder,
        };
        if as_root() {
            // initdb refuses to run as root: the server runs as `postgres`.
            let owned = Command::new("chown")
                .args(["-R", "postgres"])
                .arg(server.folder.path())
                .status()
                .expect("chown runs");
            assert!(owned.success(), "cannot give the folder to postgres");
        }
        server.run(&[
            "initdb",
            "--pgdata",
            &server.data(),
            "--username",
            "postgres",
            "--auth",
            "trust",
            "--no-sync",
        ]);
        server.start_again();
        Ok(server)
    }

    /// The URL of the server's `postgres` database.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// A fast shutdown, as a package upgrade or a fail-over does: clients are
    /// cut off, open transactions rolled back.
    pub fn stop(&self) {
        self.run(&[
            "pg_ctl",
            "stop",
            "--wait",
            "-m",
            "fast",
            "--pgdata",
            &self.data(),
        ]);
    }

    /// Starts the server (again, after `stop`) on its port.
    pub fn start_again(&self) {
        self.restart_with(&["pg_ctl", "start", "--wait", "--pgdata", &self.data()]);
    }

    /// `pg_ctl restart -m fast`.
    pub fn restart(&self) {
        self.restart_with(&[
            "pg_ctl",
            "restart",
            "--wait",
            "-m",
            "fast",
            "--pgdata",
            &self.data(),
        ]);
    }

    fn restart_with(&self, args: &[&str]) {
        // Its own port, and its socket in its own folder.
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.folder.path().display()
        );
        let log = format!("{}/server.log", self.folder.path().display());
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["-o", &options, "--log", &log]);
        self.run(&all);
    }

    fn data(&self) -> String {
        format!("{}/data", self.folder.path().display())
    }

    fn command(&self, args: &[&str]) -> Command {
        let program = PathBuf::from(BIN).join(args[0]);
        let mut command = if as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        };
        command.args(&args[1..]).current_dir(self.folder.path());
        command
    }

    fn run(&self, args: &[&str]) {
        let output = self
            .command(args)
            .output()
            .expect("a PostgreSQL program runs");
        assert!(
            output.status.success(),
            "{} failed: {}{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let stop = [
            "pg_ctl",
            "stop",
            "-m",
            "immediate",
            "--pgdata",
            &self.data(),
        ];
        let _ = self.command(&stop).output();
    }
}

fn as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout.starts_with(b"0\n"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}
