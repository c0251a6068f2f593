// Prints the bytes Go's encoding/json produces for the MOR-RPC message
// types, so that Hearth's serializer can be checked against Go itself.
//
// The structs mirror the field names, json tags and order of the Morpheus
// proxy-router message types; HexString, BigInt, Address and Hash mirror
// how their go-ethereum / proxy-router counterparts marshal. Standard
// library only. Regenerate with:
//
//	go run tools/go-json-fixtures/main.go > tests/fixtures/go-json-morrpc.json
//
// Each case lists its input field by field (strings as the hex of their
// bytes, so invalid UTF-8 survives) and the bytes json.Marshal wrote.
package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
)

// HexString marshals as "0x" + lowercase hex, "0x" when empty (proxy-router lib.HexString).
type HexString []byte

func (b HexString) MarshalJSON() ([]byte, error) {
	return []byte(`"0x` + hex.EncodeToString(b) + `"`), nil
}

// BigInt marshals as a quoted decimal (proxy-router lib.BigInt).
type BigInt struct{ big.Int }

func (b BigInt) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf("\"%s\"", b.String())), nil
}

// Address and Hash marshal as lowercase 0x hex text (go-ethereum common types).
type Address [20]byte

func (a Address) MarshalText() ([]byte, error) {
	return []byte("0x" + hex.EncodeToString(a[:])), nil
}

type Hash [32]byte

func (h Hash) MarshalText() ([]byte, error) {
	return []byte("0x" + hex.EncodeToString(h[:])), nil
}

type PingReq struct {
	Nonce     HexString `json:"nonce"`
	Signature HexString `json:"signature"`
}

type PongRes struct {
	Nonce     HexString `json:"nonce"`
	Version   string    `json:"version,omitempty"`
	Signature HexString `json:"signature"`
}

type SessionReq struct {
	Signature HexString `json:"signature,omitempty"`
	User      Address   `json:"user"`
	Key       HexString `json:"key"`
	Spend     BigInt    `json:"spend"`
	Timestamp uint64    `json:"timestamp"`
	BidID     Hash      `json:"bidid"`
}

type SessionRes struct {
	PubKey      HexString `json:"message"`
	Approval    HexString `json:"approval"`
	ApprovalSig HexString `json:"approvalSig"`
	User        Address   `json:"user"`
	Timestamp   uint64    `json:"timestamp"`
	Signature   HexString `json:"signature,omitempty"`
}

type SessionPromptReq struct {
	Signature HexString `json:"signature,omitempty"`
	SessionID Hash      `json:"sessionid"`
	Message   string    `json:"message"`
	Timestamp uint64    `json:"timestamp"`
}

type SessionPromptRes struct {
	Message   string    `json:"message"`
	Signature HexString `json:"signature,omitempty"`
	Timestamp uint64    `json:"timestamp"`
}

type SessionReportReq struct {
	Signature HexString `json:"signature,omitempty"`
	Message   string    `json:"message"`
	Timestamp uint64    `json:"timestamp"`
}

type SessionReportRes struct {
	Message      HexString `json:"message"`
	SignedReport HexString `json:"signedReport"`
	Signature    HexString `json:"signature,omitempty"`
	Timestamp    uint64    `json:"timestamp"`
}

type RPCErrorData struct {
	Timestamp uint64    `json:"timestamp"`
	Signature HexString `json:"signature"`
}

type RpcError struct {
	Message string       `json:"message"`
	Code    int          `json:"code"`
	Data    RPCErrorData `json:"data"`
}

type RPCMessage struct {
	ID     string          `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
}

type RpcResponse struct {
	ID     string           `json:"id"`
	Result *json.RawMessage `json:"result"`
	Error  *RpcError        `json:"error,omitempty"`
}

type fixtureCase struct {
	Name   string            `json:"name"`
	Type   string            `json:"type"`
	Input  map[string]string `json:"input"`
	GoJSON string            `json:"go"`
}

// describe lists a struct's fields as text, keyed by json name (nested structs flattened with "."), for the TypeScript side to rebuild the value.
func describe(prefix string, v reflect.Value, out map[string]string) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
		f := v.Field(i)
		switch x := f.Interface().(type) {
		case HexString:
			out[prefix+name] = "0x" + hex.EncodeToString(x)
		case BigInt:
			out[prefix+name] = x.String()
		case Address:
			out[prefix+name] = "0x" + hex.EncodeToString(x[:])
		case Hash:
			out[prefix+name] = "0x" + hex.EncodeToString(x[:])
		case string:
			out[prefix+name] = hex.EncodeToString([]byte(x))
		case uint64:
			out[prefix+name] = strconv.FormatUint(x, 10)
		case int:
			out[prefix+name] = strconv.Itoa(x)
		case RPCErrorData:
			describe(prefix+name+".", f, out)
		case json.RawMessage:
			out[prefix+name] = hex.EncodeToString(x)
		case *json.RawMessage:
			if x != nil {
				out[prefix+name] = hex.EncodeToString(*x)
			}
		case *RpcError:
			if x != nil {
				describe(prefix+name+".", f.Elem(), out)
			}
		default:
			panic("unhandled field type " + t.Field(i).Type.String())
		}
	}
}

func bytesOf(s string) []byte {
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil {
		panic(err)
	}
	return b
}

func bigOf(s string) BigInt {
	var b BigInt
	b.SetString(s, 10)
	return b
}

var (
	user    = Address(*(*[20]byte)(bytesOf("f39fd6e51aad88f6f4ce6ab8827279cfffb92266")))
	bidID   = Hash(*(*[32]byte)(bytesOf("a3c6e4b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4")))
	session = Hash(*(*[32]byte)(bytesOf("00000000000000000000000000000000000000000000000000000000000000ff")))
	pubKey  = HexString(bytesOf("04bfcab8722991ae774db48f934ca79cfb7dd991229153b9f732ba5334aafcd8e7266e47076996b55a14bf9913ee3145ce0cfc1372ada8ada74bd287450313534a"))
	sig     = HexString(bytesOf("8a6d3e5f1c2b4a7980e1f2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c01"))
)

func raw(text string) *json.RawMessage {
	r := json.RawMessage(text)
	return &r
}

const openAIRequest = `{"model":"llama","stream":true,"messages":[{"role":"system","content":"Answer <briefly> & kindly"},{"role":"user","content":"Say \"hi\"\n\tthen stop"}],"temperature":0.7,"max_tokens":64}`

func main() {
	values := []struct {
		name  string
		value any
	}{
		{"ping", PingReq{Nonce: HexString(bytesOf("0102a0ff")), Signature: sig}},
		{"ping-unsigned", PingReq{Nonce: HexString(bytesOf("0102a0ff"))}},
		{"pong-with-version", PongRes{Nonce: HexString(bytesOf("0102a0ff")), Version: "v1.2.3<&>", Signature: sig}},
		{"pong-no-version", PongRes{Nonce: HexString{}, Signature: sig}},
		{"session-request-unsigned", SessionReq{User: user, Key: pubKey, Spend: bigOf("115792089237316195423570985008687907853269984665640564039457584007913129639935"), Timestamp: 1764072000123, BidID: bidID}},
		{"session-request-signed", SessionReq{Signature: sig, User: user, Key: pubKey, Spend: bigOf("0"), Timestamp: 9007199254740991, BidID: bidID}},
		{"session-response", SessionRes{PubKey: pubKey, Approval: HexString(bytesOf("00ff10")), ApprovalSig: sig, User: user, Timestamp: 1764072000, Signature: sig}},
		{"session-response-unsigned", SessionRes{PubKey: pubKey, Approval: HexString{}, ApprovalSig: HexString{}, User: Address{}, Timestamp: 0}},
		{"prompt-openai-request", SessionPromptReq{SessionID: session, Message: openAIRequest, Timestamp: 1764072000456}},
		{"prompt-html", SessionPromptReq{Signature: sig, SessionID: session, Message: "<script>alert('x')</script> a && b > c", Timestamp: 1}},
		{"prompt-unicode-separators", SessionPromptReq{SessionID: session, Message: "line\u2028sep\u2029para \u00e9 \u4e2d\u6587 \U0001F525\U0001F9D1\u200D\U0001F373 \ufffd", Timestamp: 2}},
		{"prompt-control-chars", SessionPromptReq{SessionID: session, Message: "\x00\x01\x07\x0b\x0e\x1f\x7f tab\t nl\n cr\r quote\" backslash\\ slash/", Timestamp: 3}},
		{"prompt-invalid-utf8", SessionPromptReq{SessionID: session, Message: "bad\xffbyte \xed\xa0\x80 surrogate half", Timestamp: 4}},
		{"prompt-empty", SessionPromptReq{SessionID: Hash{}, Message: "", Timestamp: 0}},
		{"prompt-response", SessionPromptRes{Message: "04a1b2c3d4e5f60718293a4b5c6d7e8f", Signature: sig, Timestamp: 1764072000789}},
		{"report-request", SessionReportReq{Message: "0x00000000000000000000000000000000000000000000000000000000000000ff", Timestamp: 1764072000999}},
		{"report-response", SessionReportRes{Message: HexString(bytesOf("0011")), SignedReport: sig, Timestamp: 5}},
		{"error-unsigned", RpcError{Message: "Session is closed", Code: 400, Data: RPCErrorData{Timestamp: 1764072000000}}},
		{"error-signed", RpcError{Message: "bad <input> & more", Code: -32700, Data: RPCErrorData{Timestamp: 7, Signature: sig}}},
		{"envelope-request", RPCMessage{ID: "1f0e<&>", Method: "session.prompt", Params: json.RawMessage(`{"sessionid":"0x00ff","message":"\u003cb\u003e","timestamp":1}`)}},
		{"envelope-result", RpcResponse{ID: "42", Result: raw(`{"message":"04ab","signature":"0x01","timestamp":9}`)}},
		{"envelope-error", RpcResponse{ID: "", Error: &RpcError{Message: "Session is closed", Code: 400, Data: RPCErrorData{Timestamp: 3, Signature: sig}}}},
	}
	cases := make([]fixtureCase, 0, len(values))
	for _, v := range values {
		encoded, err := json.Marshal(v.value)
		if err != nil {
			panic(err)
		}
		input := map[string]string{}
		describe("", reflect.ValueOf(v.value), input)
		cases = append(cases, fixtureCase{Name: v.name, Type: reflect.TypeOf(v.value).Name(), Input: input, GoJSON: string(encoded)})
	}
	out, err := json.MarshalIndent(map[string]any{
		"generator": "tools/go-json-fixtures/main.go",
		"go":        runtime.Version() + " encoding/json",
		"cases":     cases,
	}, "", "  ")
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(append(out, '\n'))
}
