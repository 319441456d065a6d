//! A mock transport for tests, behind the `test-util` feature: a [`Client`] built with
//! [`Client::from_mock`] sends nothing over the network. Each attempt's request, built and
//! signed as for the network, is recorded, and the first [`Rule`] of its operation that
//! matches the input and has answers left answers it with a typed output, a typed error or
//! a raw HTTP response (which goes through the real parser).
//!
//! Retries run as over hyper: a raw response is classified by its status and error code,
//! a typed error by its [`ProvideErrorMetadata::http_status`] and
//! [`ProvideErrorMetadata::code`] (an error structure's builder fills both from the model),
//! so a throttling or `@retryable` error is retried and uses the rule's next answer.
//!
//! ```rust,ignore
//! use cognito_idp_lite::client::{mock, Client, Config};
//! let rule = mock::rule::<AdminResetUserPassword>()
//!     .match_requests(|input| input.username() == "alice")
//!     .then_output(|| AdminResetUserPasswordOutput::builder().build());
//! let mock = mock::Mock::new().rule(&rule);
//! let client = Client::from_mock(Config::for_tests().build(), &mock);
//! ```
//!
//! [`Client`]: super::Client
//! [`Client::from_mock`]: super::Client::from_mock

use super::send::RawResponse;
use super::{Error, RetryKind};
use crate::meta::ProvideErrorMetadata;
use crate::Operation;
use std::any::Any;
use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Starts a rule for operation `O` (its marker type, such as `AdminResetUserPassword`).
pub fn rule<O: Operation + 'static>() -> RuleBuilder<O> {
    RuleBuilder {
        matcher: Box::new(|_| true),
    }
}

/// What a rule answers one request with.
pub(super) enum Reply<O: Operation> {
    Output(O::Output),
    Error(O::Error),
    Response(RawResponse),
}

impl<O: Operation> Reply<O> {
    /// The retry class, as the send loop classifies a response over the network.
    pub(super) fn retry_kind(&self) -> RetryKind {
        match self {
            Reply::Output(_) => RetryKind::Final,
            Reply::Error(e) => super::classify_response(
                e.http_status(),
                e.code(),
                O::RETRYABLE_ERRORS,
                O::THROTTLING_ERRORS,
            ),
            Reply::Response(raw) => super::send::classify_raw::<O>(raw),
        }
    }

    /// The call's result: a raw response goes through the operation's parser.
    pub(super) fn into_result(self) -> Result<O::Output, O::Error> {
        match self {
            Reply::Output(output) => Ok(output),
            Reply::Error(e) => Err(e),
            Reply::Response(raw) => O::parse_response(raw.status, &raw.headers, &raw.body),
        }
    }
}

type Answer<O> = Arc<dyn Fn() -> Reply<O> + Send + Sync>;
type Matcher<O> = Box<dyn Fn(&<O as Operation>::Input) -> bool + Send + Sync>;

fn output<O: Operation>(f: impl Fn() -> O::Output + Send + Sync + 'static) -> Answer<O> {
    Arc::new(move || Reply::Output(f()))
}

fn error<O: Operation>(f: impl Fn() -> O::Error + Send + Sync + 'static) -> Answer<O> {
    Arc::new(move || Reply::Error(f()))
}

fn http_response<O: Operation>(
    f: impl Fn() -> http::Response<Vec<u8>> + Send + Sync + 'static,
) -> Answer<O> {
    Arc::new(move || {
        let (parts, body) = f().into_parts();
        Reply::Response(RawResponse {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body: body.into(),
        })
    })
}

/// A rule being built: which requests of `O` it matches.
pub struct RuleBuilder<O: Operation> {
    matcher: Matcher<O>,
}

impl<O: Operation + 'static> RuleBuilder<O> {
    /// Matches only the requests whose input `predicate` accepts (default: all).
    pub fn match_requests(
        mut self,
        predicate: impl Fn(&O::Input) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.matcher = Box::new(predicate);
        self
    }

    /// Answers every matching request with the output `f` returns.
    pub fn then_output(self, f: impl Fn() -> O::Output + Send + Sync + 'static) -> Rule {
        self.sequence().output(f).repeatedly()
    }

    /// Answers every matching request with the error `f` returns (as the service would have:
    /// retried if it is throttling or `@retryable`, else the call's `Error::Service`).
    pub fn then_error(self, f: impl Fn() -> O::Error + Send + Sync + 'static) -> Rule {
        self.sequence().error(f).repeatedly()
    }

    /// Answers every matching request with the HTTP response `f` returns, which the
    /// operation's parser reads as it reads the service's.
    pub fn then_http_response(
        self,
        f: impl Fn() -> http::Response<Vec<u8>> + Send + Sync + 'static,
    ) -> Rule {
        self.sequence().http_response(f).repeatedly()
    }

    /// Answers matching requests with a sequence of answers, each used once unless
    /// [`Sequence::times`] says otherwise.
    pub fn sequence(self) -> Sequence<O> {
        Sequence {
            matcher: self.matcher,
            steps: VecDeque::new(),
        }
    }
}

/// A rule's answers in order, with how many requests each answers (`None`: all).
pub struct Sequence<O: Operation> {
    matcher: Matcher<O>,
    steps: VecDeque<(Answer<O>, Option<usize>)>,
}

impl<O: Operation + 'static> Sequence<O> {
    /// Then an output.
    pub fn output(self, f: impl Fn() -> O::Output + Send + Sync + 'static) -> Self {
        self.push(output(f))
    }

    /// Then an error.
    pub fn error(self, f: impl Fn() -> O::Error + Send + Sync + 'static) -> Self {
        self.push(error(f))
    }

    /// Then an HTTP response, read by the operation's parser.
    pub fn http_response(
        self,
        f: impl Fn() -> http::Response<Vec<u8>> + Send + Sync + 'static,
    ) -> Self {
        self.push(http_response(f))
    }

    /// The last answer added answers `n` requests (0 drops it).
    pub fn times(mut self, n: usize) -> Self {
        if n == 0 {
            self.steps.pop_back();
        } else if let Some(last) = self.steps.back_mut() {
            last.1 = Some(n);
        }
        self
    }

    /// The rule, used up once its answers are: later requests go to the next rules.
    pub fn build(self) -> Rule {
        Rule::new(RuleState::<O> {
            matcher: self.matcher,
            steps: Mutex::new(self.steps),
        })
    }

    /// The rule, its last answer answering every request after the others.
    pub fn repeatedly(mut self) -> Rule {
        if let Some(last) = self.steps.back_mut() {
            last.1 = None;
        }
        self.build()
    }

    fn push(mut self, answer: Answer<O>) -> Self {
        self.steps.push_back((answer, Some(1)));
        self
    }
}

struct RuleState<O: Operation> {
    matcher: Matcher<O>,
    steps: Mutex<VecDeque<(Answer<O>, Option<usize>)>>,
}

impl<O: Operation> RuleState<O> {
    /// The next answer for `input`, if the rule matches it and has answers left.
    fn take(&self, input: &O::Input) -> Option<Answer<O>> {
        if !(self.matcher)(input) {
            return None;
        }
        let mut steps = lock(&self.steps);
        let (answer, left) = steps.front_mut()?;
        let answer = Arc::clone(answer);
        if let Some(n) = left {
            *n -= 1;
            if *n == 0 {
                steps.pop_front();
            }
        }
        Some(answer)
    }
}

/// A rule of one operation, made by [`rule`]. Clones share its answers and its count, so
/// a test keeps one to ask [`Rule::num_calls`] after handing another to the [`Mock`].
#[derive(Clone)]
pub struct Rule {
    operation: &'static str,
    state: Arc<dyn Any + Send + Sync>,
    calls: Arc<AtomicUsize>,
}

impl Rule {
    fn new<O: Operation + 'static>(state: RuleState<O>) -> Rule {
        Rule {
            operation: O::NAME,
            state: Arc::new(state),
            calls: Arc::default(),
        }
    }

    /// How many requests the rule has answered.
    pub fn num_calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// The operation's name on the wire.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    fn take<O: Operation + 'static>(&self, input: &O::Input) -> Option<Answer<O>> {
        let answer = self.state.downcast_ref::<RuleState<O>>()?.take(input)?;
        self.calls.fetch_add(1, Ordering::SeqCst);
        Some(answer)
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("operation", &self.operation)
            .field("num_calls", &self.num_calls())
            .finish_non_exhaustive()
    }
}

/// A request the mock received: the operation's name and the request as it would have gone
/// on the wire (endpoint URI, headers, SigV4 signature for signed operations, JSON body).
#[derive(Debug)]
pub struct MockRequest {
    /// The operation's name on the wire (`AdminResetUserPassword`).
    pub operation: &'static str,
    /// The request, signed when the operation is.
    pub request: http::Request<Vec<u8>>,
}

impl Clone for MockRequest {
    /// `http::Request` is not `Clone`; the copy keeps all but the extensions.
    fn clone(&self) -> Self {
        let mut request = http::Request::new(self.request.body().clone());
        *request.method_mut() = self.request.method().clone();
        *request.uri_mut() = self.request.uri().clone();
        *request.version_mut() = self.request.version();
        *request.headers_mut() = self.request.headers().clone();
        MockRequest {
            operation: self.operation,
            request,
        }
    }
}

/// The mock transport: its rules, tried in order, and the requests it received. Clones
/// share both, so a test keeps one to read [`Mock::requests`] after building the client.
#[derive(Debug, Clone, Default)]
pub struct Mock {
    state: Arc<Mutex<MockState>>,
}

#[derive(Debug, Default)]
struct MockState {
    rules: Vec<Rule>,
    requests: Vec<MockRequest>,
}

impl Mock {
    /// A mock without rules: every request is [`Error::Unmatched`] until rules are added.
    pub fn new() -> Self {
        Mock::default()
    }

    /// Adds a rule after the others (a clone: the caller's copy still counts its calls).
    pub fn rule(self, rule: &Rule) -> Self {
        lock(&self.state).rules.push(rule.clone());
        self
    }

    /// Every request received so far, in order, answered or not.
    pub fn requests(&self) -> Vec<MockRequest> {
        lock(&self.state).requests.clone()
    }

    /// Records the request and answers it with the first rule that takes it. The rules run
    /// without the mock's lock held, so a predicate or answer may look at the mock.
    pub(super) fn answer<O: Operation + 'static>(
        &self,
        input: &O::Input,
        request: http::Request<Vec<u8>>,
    ) -> Result<Reply<O>, Error<O::Error>> {
        let rules = {
            let mut state = lock(&self.state);
            state.requests.push(MockRequest {
                operation: O::NAME,
                request,
            });
            state.rules.clone()
        };
        match rules.iter().find_map(|rule| rule.take::<O>(input)) {
            Some(answer) => Ok(answer()),
            None => {
                let of_operation = rules.iter().filter(|r| r.operation == O::NAME).count();
                Err(Error::Unmatched(format!(
                    "no mock rule answers this {} request ({of_operation} of the mock's {} rules are for {}; none matches the input with answers left)",
                    O::NAME,
                    rules.len(),
                    O::NAME
                )))
            }
        }
    }
}

/// A poisoned lock (a panicking predicate) still holds consistent data: counts and queues
/// are updated in single steps.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
