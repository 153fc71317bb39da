package main

import (
	"runtime"
	"testing"

	"github.com/pocketbase/dbx"

	"ben/hooks/publiccache"
)

// BenchmarkOrganisationViewsKept asks for every published organisation
// once as a guest (the widest the view-org scenario can ask) and reports
// what the public read cache keeps of them: the answers kept, the bytes it
// counts against its bound (publiccache.DefaultMaxBytes), the heap they
// take, and both per 20,000 views:
//
//	BEN_BENCH_SCALES=stress BEN_BENCH_DATA_STRESS=<pb_data> go test ./bench/seed -run '^$' -bench OrganisationViewsKept -benchtime 1x
func BenchmarkOrganisationViewsKept(b *testing.B) {
	for _, scale := range scales() {
		s := handlerFor(b, scale)
		var ids []string
		if err := s.app.DB().Select("id").From("organisations").Where(dbx.HashExp{"status": "published"}).Column(&ids); err != nil {
			b.Fatal(err)
		}
		b.Run(scale, func(b *testing.B) {
			cache := publiccache.Of(s.app)
			publiccache.Changed(s.app, "organisations") // what earlier runs kept is current no more
			var before, after runtime.MemStats
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&before)
				kept := cache.Stats()
				b.StartTimer()
				for _, id := range ids {
					get(b, s, "/api/collections/organisations/records/"+id)
				}
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&after)
				now := cache.Stats()
				views := now.Entries - kept.Entries
				if views < len(ids) && now.Bytes < publiccache.DefaultMaxBytes*9/10 {
					b.Fatalf("%d views of %d kept, %d bytes", views, len(ids), now.Bytes)
				}
				perView := float64(now.Bytes-kept.Bytes) / float64(max(views, 1))
				heapPerView := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(max(views, 1))
				b.ReportMetric(float64(views), "views-kept")
				b.ReportMetric(float64(now.Bytes)/(1<<20), "counted-MiB")
				b.ReportMetric(perView*20000/(1<<20), "counted-MiB/20k-views")
				b.ReportMetric(heapPerView*20000/(1<<20), "heap-MiB/20k-views")
				publiccache.Changed(s.app, "organisations")
				b.StartTimer()
			}
		})
	}
}
