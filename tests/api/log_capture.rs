//! The log of this test process, captured in memory: the first call installs
//! Laurel's logger writing to a buffer (every app of the process logs there,
//! so a test looks only for what is its own, such as the secrets it made).

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts capturing (call before spawning the apps whose log matters).
pub fn capture_log() {
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let shared = buffer.clone();
        laurel::telemetry::init_with_writer(move || Buffer(shared.clone()));
        buffer
    });
}

/// Everything logged since `capture_log` was first called.
pub fn captured_log() -> String {
    let buffer = LOG.get().expect("capture_log was called first");
    let bytes = buffer
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    String::from_utf8_lossy(&bytes).into_owned()
}
