// The Engine's group answers (slotfit/groups.hpp), over the index of core/src/group_index.hpp.
#include "group_index.hpp"
#include "model.hpp"
#include "slotfit/engine.hpp"

namespace slotfit {

const GroupIndex& Engine::group_index() const {
  if (!group_index_) group_index_ = std::make_shared<const GroupIndex>(model_->payload.sessions, model_->session_alive);
  return *group_index_;
}

std::vector<SessionGroup> Engine::groups() const {
  if (!model_) return {};
  return group_index().groups();
}

}  // namespace slotfit
