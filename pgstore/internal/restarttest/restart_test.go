package restarttest

import (
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/shopkit/shopkit/pgstore/internal/stormtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// restartCommand is the command that restarts the test server: the
// SHOPKIT_PG_CTL prefix .ci/postgres.sh exports (pg_ctl, as the server's
// user) with restart -D SHOPKIT_PG_DATA -m fast -w. The test runs only with
// SHOPKIT_PG_RESTART=1; then, without the two variables, it skips, or fails
// under CI.
func restartCommand(t *testing.T) *exec.Cmd {
	t.Helper()
	if os.Getenv("SHOPKIT_PG_RESTART") != "1" {
		t.Skip("SHOPKIT_PG_RESTART=1 runs this test, which restarts the shared server (a step of its own in .ci/run)")
	}
	ctl, data := strings.Fields(os.Getenv("SHOPKIT_PG_CTL")), os.Getenv("SHOPKIT_PG_DATA")
	if len(ctl) == 0 || data == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("SHOPKIT_PG_CTL and SHOPKIT_PG_DATA are not set: CI must run the restart test (source .ci/postgres.sh)")
		}
		t.Skip("SHOPKIT_PG_CTL and SHOPKIT_PG_DATA are not set (.ci/postgres.sh exports them)")
	}
	args := append(ctl[1:], "restart", "-D", data, "-m", "fast", "-w")
	cmd := exec.Command(ctl[0], args...)
	// No pipes: the restarted server inherits pg_ctl's output, and a pipe it
	// holds open would keep the command from ever returning.
	log, err := os.CreateTemp(t.TempDir(), "pg_ctl-*.log")
	require.NoError(t, err)
	t.Cleanup(func() { _ = log.Close() })
	cmd.Stdout, cmd.Stderr = log, log
	return cmd
}

// R3.7, R2.8: the server is restarted (pg_ctl restart -m fast) while
// clients refund units of eight orders. The stores retry, clients send a key
// again after an error that is not a refusal, Resume runs once the server is
// back: every unit is refunded exactly once, and the ledgers, trails and
// outbox agree with the clients to the fen.
func TestRefundStormAcrossServerRestart_R3_7_R2_8(t *testing.T) {
	restart := restartCommand(t)
	s := pgtest.NewSchema(t, pgstore.Migrate)
	db, err := pgstore.Open(pgstore.Config{Pool: s.Pool})
	require.NoError(t, err)
	storm := stormtest.Storm{Orders: 8, Units: 50, Keys: 70, Clients: 8, Pause: 50 * time.Millisecond, Deadline: 3 * time.Minute}
	svc := stormtest.Service(t, db)
	orders := storm.Prepare(t, svc)

	var stormDone atomic.Bool
	restarted := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		if stormDone.Load() {
			restarted <- nil
			return
		}
		restarted <- restart.Run()
	}()
	res := storm.Run(t, svc, orders)
	stormDone.Store(true)
	require.NoError(t, <-restarted, "pg_ctl restart")
	require.NotNil(t, restart.ProcessState, "the storm ended before the restart: the test proved nothing")
	stormtest.Resume(t, svc)
	storm.Check(t, db, s.Pool, orders, res)
	assert.Positive(t, res.Retried, "no send failed across the restart: the test proved nothing")
	t.Logf("%d sends repeated across the restart", res.Retried)
}
